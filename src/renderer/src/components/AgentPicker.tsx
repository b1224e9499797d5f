import { useState } from 'react'
import type { AgentAvailability, PresetEntry } from '../../../shared/bridge'
import { useAppState, useWorkbench } from '../state/context'
import type { NewPaneAgent } from '../state/workbench'
import { agentVersion } from '../grid/agent-text'
import { summarizeConfig } from './settings/config-form'
import { Dialog } from './Dialog'
import { FolderField } from './FolderField'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Lists agents.list and the presets; a missing agent (and its presets) is disabled and says how to install it. */
export function AgentPicker(): React.JSX.Element {
  const workbench = useWorkbench()
  const agents = useAppState((s) => s.agents)
  const presets = useAppState((s) => s.presets.presets)
  const firstAvailable = agents.find((agent) => agent.available)?.kind
  const workspace = useAppState((s) => s.folders.workspace)
  const [folder, setFolder] = useState(workspace)
  // Why the dialog opened by itself (a split whose folder is gone), then why the last choice failed.
  const [problem, setProblem] = useState(useAppState((s) => s.pickerProblem))

  const choose = (agent: NewPaneAgent): void => {
    setProblem(null)
    workbench.newPaneNear({ ...agent, ...(folder.trim() && { cwd: folder.trim() }) }).then(
      () => workbench.setOverlay(null),
      (error: unknown) => setProblem(errorText(error))
    )
  }
  const availability = (preset: PresetEntry): AgentAvailability | undefined => agents.find((agent) => agent.kind === preset.kind)

  return (
    <Dialog title="New pane" className="picker" onClose={() => workbench.setOverlay(null)}>
      <FolderField value={folder} onChange={setFolder} problem={problem} />
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
              onClick={() => choose({ kind: agent.kind })}
            >
              <span className="pane-kind" data-kind={agent.kind} aria-hidden="true" />
              <span className="agent-label">{agent.label}</span>
              {!agent.available && <span className="agent-missing">not installed</span>}
            </button>
            <span className="agent-detail" id={`agent-detail-${agent.kind}`}>
              {agent.available ? <AgentWhere agent={agent} /> : (agent.installHint ?? 'Not found on PATH')}
            </span>
          </li>
        ))}
      </ul>
      {presets.length > 0 && <h3 className="dialog-subtitle">From a preset</h3>}
      <ul className="agent-list">
        {presets.map((preset) => (
          <li key={preset.name} className="agent-item" data-available={availability(preset)?.available ? '' : undefined}>
            <button
              type="button"
              className="agent-option"
              data-list-item=""
              disabled={!availability(preset)?.available}
              aria-label={`${availability(preset)?.label ?? preset.kind} with preset ${preset.name}`}
              aria-describedby={`preset-detail-${preset.name}`}
              onClick={() => choose({ kind: preset.kind, preset: preset.name })}
            >
              <span className="pane-kind" data-kind={preset.kind} aria-hidden="true" />
              <span className="agent-label">{preset.name}</span>
              {preset.origin !== 'builtin' && <span className="agent-missing">{preset.origin === 'user' ? 'yours' : 'yours, replaces built-in'}</span>}
            </button>
            <span className="agent-detail" id={`preset-detail-${preset.name}`}>
              {presetSummary(preset)}
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}

/** "2.1.332 · /usr/local/bin/claude": which build a new pane would run; "version unknown" says why on hover. */
function AgentWhere({ agent }: { agent: AgentAvailability }): React.JSX.Element {
  const version = agentVersion(agent)
  return (
    <>
      {version && (
        <>
          <span className="agent-version" data-unknown={version.problem ? '' : undefined} title={version.problem}>
            {version.text}
          </span>
          {' · '}
        </>
      )}
      {agent.command ?? ''}
    </>
  )
}

/** "model haiku · context 100k · effort high · <description>" */
function presetSummary({ config, description }: PresetEntry): string {
  return [summarizeConfig(config) || 'CLI default model', description].filter(Boolean).join(' · ')
}
