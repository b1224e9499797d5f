import { useEffect, useId, useState } from 'react'
import { Dialog } from '../components/Dialog'
import { paneTitle } from '../grid/pane-title'
import { useAppState, useWorkbench } from '../state/context'
import { parseBudget } from './budget-form'
import { formatLimit, paneCostText } from './cost-format'
import './costs.css'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A dollar budget for one Claude pane: set, change or clear it. */
export function BudgetDialog(): React.JSX.Element | null {
  const workbench = useWorkbench()
  const paneId = useAppState((s) => s.budgetFor)
  const pane = useAppState((s) => (paneId ? s.panes[paneId] : undefined))
  const oscTitle = useAppState((s) => (paneId ? s.titles[paneId] : undefined))
  const agents = useAppState((s) => s.agents)
  const limit = pane?.cost?.budget?.limit
  const [text, setText] = useState(limit === undefined ? '' : String(limit))
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  // Closed from another window meanwhile: nothing left to budget.
  const gone = !pane
  useEffect(() => {
    if (gone) workbench.setOverlay(null)
  }, [gone, workbench])
  if (!pane || !paneId) return null

  const save = (next: number | null): void => {
    setBusy(true)
    setProblem(null)
    workbench.setPaneBudget(paneId, next).then(
      () => workbench.setOverlay(null),
      (error: unknown) => (setProblem(errorText(error)), setBusy(false))
    )
  }
  const submit = (): void => {
    const parsed = parseBudget(text)
    if (parsed.ok) save(parsed.value)
    else setProblem(parsed.problem)
  }
  const spent = pane.cost ? paneCostText(pane.cost).full : '$0.00'

  return (
    <Dialog title={`Budget for ${paneTitle(pane, oscTitle, agents)}`} className="budget-dialog" onClose={() => workbench.setOverlay(null)}>
      <form
        className="budget-form"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <p className="budget-spent">
          This pane's sessions have cost {spent} so far{limit === undefined ? '.' : `, against a budget of ${formatLimit(limit)}.`}
        </p>
        <label htmlFor={`${id}-limit`}>Budget in dollars</label>
        <input
          id={`${id}-limit`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          data-autofocus
          value={text}
          placeholder="e.g. 5"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-note${problem ? ` ${id}-error` : ''}`}
          onChange={(event) => setText(event.target.value)}
        />
        {problem && (
          <span className="settings-field-error" id={`${id}-error`} role="alert">
            {problem}
          </span>
        )}
        <p className="cost-note" id={`${id}-note`}>
          At 80 % the header shows a badge; at 100 % it says so and you get a notification. The agent is never stopped or interrupted.
        </p>
        <div className="dialog-actions">
          {limit !== undefined && (
            <button type="button" className="button" disabled={busy} onClick={() => save(null)}>
              Clear budget
            </button>
          )}
          <button type="button" className="button" onClick={() => workbench.setOverlay(null)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Set budget
          </button>
        </div>
      </form>
    </Dialog>
  )
}
