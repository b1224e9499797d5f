import { useState } from 'react'
import { modelProblem, PICKER_MODELS } from '../../../shared/agent-config'
import type { PaneInfo } from '../../../shared/bridge'
import { WarningIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import { agentTooltip, aliasNote, cliDefaultLabel, modelDisplay } from './agent-text'
import { pendingText } from './header-content'
import { kindLabel } from './pane-title'

const OTHER = '__other__'
const ABOUT = '__about__'
const CLI_DEFAULT = ''

/**
 * The pane's model: a picker of the usual models plus any id typed in, and beside
 * it the id the CLI actually sends (an alias means what the installed CLI says it
 * means). A switch a Claude pane cannot take mid-turn shows as pending until the
 * host applies it. A narrow header asks for the compact form (a narrow picker, its
 * notes in the tooltip) and may leave the chips out (the pending switch then marks the picker).
 */
export function ModelPicker({ pane, compact = false, showChips = true }: { pane: PaneInfo; compact?: boolean; showChips?: boolean }): React.JSX.Element | null {
  const workbench = useWorkbench()
  const agents = useAppState((s) => s.agents)
  const [typing, setTyping] = useState(false)
  const agent = pane.agent
  if (pane.kind === 'shell' || !agent) return null
  const shown = agent.pendingModel ?? agent.model ?? CLI_DEFAULT
  const options = [...new Set([...PICKER_MODELS[pane.kind], ...(shown ? [shown] : [])])]
  const display = modelDisplay(agent)
  const about = aliasNote(pane.kind, agent.cli, shown)
  const notes = [agent.note, agent.permissionNote].filter((note): note is string => Boolean(note))
  const pending = agent.pendingModel ? `${agent.pendingModel} is used from the ${pane.kind === 'claude' ? 'next turn' : 'next restart'}` : undefined
  const tooltip = [agentTooltip(kindLabel(pane.kind, agents), agent), ...(compact ? notes : []), ...(pending && !showChips ? [pending] : [])].join('\n')

  const choose = (model: string): void => {
    if (model === OTHER) return setTyping(true)
    if (model && model !== shown) workbench.setModel(pane.id, model)
  }

  return (
    <span className="pane-agent" title={tooltip}>
      {showChips && agent.preset && <span className="preset-chip">{agent.preset}</span>}
      <span className="model-box">
        {typing ? (
          <ModelInput pane={pane} onDone={() => setTyping(false)} />
        ) : (
          <select
            className={compact ? 'model-picker compact' : 'model-picker'}
            data-pending={agent.pendingModel && !showChips ? '' : undefined}
            aria-label="Model"
            value={shown}
            onMouseDown={(event) => event.stopPropagation()}
            onChange={(event) => choose(event.target.value)}
          >
            {!shown && <option value={CLI_DEFAULT}>{cliDefaultLabel(agent.activeModel)}</option>}
            {options.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
            <option value={OTHER}>Other model id…</option>
            {/* A native menu has no room for help text but a line that cannot be chosen. */}
            {about && (
              <option value={ABOUT} disabled>
                {about}
              </option>
            )}
          </select>
        )}
        {/* The CLI default's label already names the id it sends. */}
        {display.sent && shown && !typing && !compact && <span className="model-sent">→ {display.sent}</span>}
      </span>
      {showChips && pending && (
        <span className="pending-chip" role="status" title={pending}>
          {pendingText(pane)}
        </span>
      )}
      {!compact && notes.map((note) => <PaneNote key={note} text={note} />)}
    </span>
  )
}

/** A warning the pane's setup deserves, as an icon whose tooltip says it. */
function PaneNote({ text }: { text: string }): React.JSX.Element {
  return (
    <span className="pane-note" role="img" aria-label={text} title={text}>
      <WarningIcon />
    </span>
  )
}

/** A free-text model id, checked as it is typed; Enter applies, Esc cancels. */
function ModelInput({ pane, onDone }: { pane: PaneInfo; onDone: () => void }): React.JSX.Element {
  const workbench = useWorkbench()
  const [value, setValue] = useState('')
  const problem = value ? modelProblem(pane.kind, value.trim()) : undefined

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    event.stopPropagation()
    if (event.key === 'Escape') onDone()
    if (event.key !== 'Enter' || !value.trim() || problem) return
    workbench.setModel(pane.id, value.trim())
    onDone()
  }

  const problemId = `model-problem-${pane.id}`
  return (
    <>
      <input
        className="model-input"
        aria-label="Model id"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        title={problem ?? 'Enter to switch, Esc to cancel'}
        placeholder="claude-…"
        // The header steals focus back to the terminal on mouse down; typing here must not.
        onMouseDown={(event) => event.stopPropagation()}
        autoFocus
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onDone}
      />
      {/* The reason, beside the field as it is typed (a tooltip alone is easy to miss). */}
      {problem && (
        <span className="model-problem" id={problemId} role="alert">
          {problem}
        </span>
      )}
    </>
  )
}
