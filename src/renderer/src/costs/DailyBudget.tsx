import { useId, useState } from 'react'
import type { BudgetStatus } from '../../../shared/costs'
import { useWorkbench } from '../state/context'
import { parseBudget } from './budget-form'
import { formatDollars, formatLimit, percentOf } from './cost-format'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function budgetSummary(budget: BudgetStatus | undefined): string {
  if (!budget) return 'No daily budget.'
  const spent = `${formatDollars(budget.spent)} spent today (${percentOf(budget.spent, budget.limit)} %)`
  if (budget.state === 'exceeded') return `Daily budget ${formatLimit(budget.limit)} exceeded: ${spent}.`
  return `Daily budget ${formatLimit(budget.limit)}: ${spent}.`
}

/** The budget over every session for the day: set, changed or cleared here. Nothing is ever stopped for it. */
export function DailyBudget({ budget, onChanged }: { budget: BudgetStatus | undefined; onChanged: () => void }): React.JSX.Element {
  const { client } = useWorkbench()
  const id = useId()
  const [text, setText] = useState(budget ? String(budget.limit) : '')
  const [problem, setProblem] = useState<string | null>(null)

  const save = (limit: number | null): void => {
    setProblem(null)
    client.call('costs.setDailyBudget', { limit }).then(
      () => {
        if (limit === null) setText('')
        onChanged()
      },
      (error: unknown) => setProblem(errorText(error))
    )
  }
  const submit = (): void => {
    const parsed = parseBudget(text)
    if (parsed.ok) save(parsed.value)
    else setProblem(parsed.problem)
  }

  return (
    <section className="cost-group cost-daily" data-state={budget?.state}>
      <h3>Daily budget</h3>
      <p className="cost-budget-summary">{budgetSummary(budget)}</p>
      <form
        className="cost-budget-form"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <label htmlFor={`${id}-limit`}>Dollars per day</label>
        <input
          id={`${id}-limit`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          placeholder="e.g. 20"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="text-button">
          Set daily budget
        </button>
        {budget && (
          <button type="button" className="text-button" onClick={() => save(null)}>
            Clear
          </button>
        )}
      </form>
      {problem && (
        <p className="settings-field-error" id={`${id}-error`} role="alert">
          {problem}
        </p>
      )}
      <p className="cost-note">At 80 % the toolbar shows a warning; at 100 % you get a notification. No agent is ever stopped for a budget.</p>
    </section>
  )
}
