import { useState } from 'react'
import { modelProblem, PICKER_MODELS } from '../../../shared/agent-config'
import type { PaneInfo } from '../../../shared/bridge'
import { WarningIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import { agentTooltip, aliasNote, CLI_DEFAULT_LABEL, modelDisplay } from './agent-text'
import { kindLabel } from './pane-title'

const OTHER = '__other__'
const ABOUT = '__about__'
const CLI_DEFAULT = ''

/**
 * The pane's model: a picker of the usual models plus any id typed in, and beside
 * it the id the CLI actually sends (an alias means what the installed CLI says it
 * means). A switch a Claude pane cannot take mid-turn shows as pending until the
 * host applies it.
 */
export function ModelPicker({ pane }: { pane: PaneInfo }): React.JSX.Element | null {
  const workbench = useWorkbench()
  const agents = useAppState((s) => s.agents)
  const [typing, setTyping] = useState(false)
  const agent = pane.agent
  if (pane.kind === 'shell' || !agent) return null
  const shown = agent.pendingModel ?? agent.model ?? CLI_DEFAULT
  const options = [...new Set([...PICKER_MODELS[pane.kind], ...(shown ? [shown] : [])])]
  const display = modelDisplay(agent)
  const about = aliasNote(pane.kind, agent.cli, shown)

  const choose = (model: string): void => {
    if (model === OTHER) return setTyping(true)
    if (model && model !== shown) workbench.setModel(pane.id, model)
  }

  return (
    <span className="pane-agent" title={agentTooltip(kindLabel(pane.kind, agents), agent)}>
      {agent.preset && <span className="preset-chip">{agent.preset}</span>}
      <span className="model-box">
        {typing ? (
          <ModelInput pane={pane} onDone={() => setTyping(false)} />
        ) : (
          <select
            className="model-picker"
            aria-label="Model"
            value={shown}
            onMouseDown={(event) => event.stopPropagation()}
            onChange={(event) => choose(event.target.value)}
          >
            {!shown && <option value={CLI_DEFAULT}>{CLI_DEFAULT_LABEL}</option>}
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
        {display.sent && !typing && <span className="model-sent">→ {display.sent}</span>}
      </span>
      {agent.pendingModel && (
        <span className="pending-chip" role="status" title={`${agent.pendingModel} is used from the ${pane.kind === 'claude' ? 'next turn' : 'next restart'}`}>
          {pane.kind === 'claude' ? 'switching after this turn' : 'restart to apply'}
        </span>
      )}
      {agent.note && <PaneNote text={agent.note} />}
      {agent.permissionNote && <PaneNote text={agent.permissionNote} />}
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

  return (
    <input
      className="model-input"
      aria-label="Model id"
      aria-invalid={problem ? true : undefined}
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
  )
}
