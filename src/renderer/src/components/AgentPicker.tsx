import type { AgentAvailability } from '../../../shared/bridge'
import { useAppState, useWorkbench } from '../state/context'
import { Dialog } from './Dialog'

/** Lists agents.list; a missing agent is disabled and says how to install it. */
export function AgentPicker(): React.JSX.Element {
  const workbench = useWorkbench()
  const agents = useAppState((s) => s.agents)
  const firstAvailable = agents.find((agent) => agent.available)?.kind

  const choose = (agent: AgentAvailability): void => {
    workbench.setOverlay(null)
    void workbench.newPane(agent.kind)
  }

  return (
    <Dialog title="New pane" className="picker" onClose={() => workbench.setOverlay(null)}>
      {agents.length === 0 && <p className="dialog-footnote">Looking for agents…</p>}
      <ul className="agent-list">
        {agents.map((agent) => (
          <li key={agent.kind} className="agent-item" data-available={agent.available ? '' : undefined}>
            <button
              type="button"
              className="agent-option"
              data-list-item=""
              data-autofocus={agent.kind === firstAvailable ? '' : undefined}
              disabled={!agent.available}
              aria-describedby={`agent-detail-${agent.kind}`}
              onClick={() => choose(agent)}
            >
              <span className="pane-kind" data-kind={agent.kind} aria-hidden="true" />
              <span className="agent-label">{agent.label}</span>
              {!agent.available && <span className="agent-missing">not installed</span>}
            </button>
            <span className="agent-detail" id={`agent-detail-${agent.kind}`}>
              {agent.available ? (agent.command ?? '') : (agent.installHint ?? 'Not found on PATH')}
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}
