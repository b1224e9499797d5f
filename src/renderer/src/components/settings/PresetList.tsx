import { useId, useState } from 'react'
import { AGENT_LABELS } from '../../../../shared/agent-config'
import type { PresetEntry } from '../../../../shared/bridge'
import { summarizeConfig } from './config-form'

interface Props {
  presets: readonly PresetEntry[]
  onNew: () => void
  onEdit: (preset: PresetEntry) => void
  onDuplicate: (preset: PresetEntry) => void
  onDelete: (preset: PresetEntry) => void
  /** A delete in flight: its row's buttons wait. */
  busy: string | null
}

const ORIGIN_LABELS: Readonly<Record<PresetEntry['origin'], string>> = {
  builtin: 'built-in',
  user: 'yours',
  shadowing: 'yours, replaces built-in'
}

/** Your presets, then the built-ins; each row with its actions. */
export function PresetList({ presets, onNew, onEdit, onDuplicate, onDelete, busy }: Props): React.JSX.Element {
  const [confirming, setConfirming] = useState<string | null>(null)
  const id = useId()
  const own = presets.filter((preset) => preset.origin !== 'builtin')
  const builtins = presets.filter((preset) => preset.origin === 'builtin')

  const row = (preset: PresetEntry): React.JSX.Element => {
    const { name, origin } = preset
    const summary = summarizeConfig(preset.config)
    const restores = origin === 'shadowing'
    return (
      <li key={name} className="preset-row" data-preset={name} data-origin={origin}>
        <div className="preset-main">
          <span className="preset-title">
            <span className="preset-name">{name}</span>
            <span className="preset-badge" data-origin={origin}>
              {ORIGIN_LABELS[origin]}
            </span>
            <span className="preset-kind">{AGENT_LABELS[preset.kind]}</span>
          </span>
          {preset.description && <span className="preset-description">{preset.description}</span>}
          <span className="preset-summary">{summary || 'no settings: the agent’s own defaults'}</span>
        </div>
        {confirming === name ? (
          <div className="preset-actions" role="group" aria-label={`Confirm deleting ${name}`}>
            <span className="preset-confirm">{restores ? 'Delete yours and restore the built-in?' : 'Delete this preset?'}</span>
            <button
              type="button"
              className="text-button danger"
              autoFocus
              disabled={busy === name}
              aria-label={`Confirm delete preset ${name}`}
              onClick={() => (setConfirming(null), onDelete(preset))}
            >
              Delete
            </button>
            <button type="button" className="text-button" aria-label={`Keep preset ${name}`} onClick={() => setConfirming(null)}>
              Keep
            </button>
          </div>
        ) : (
          <div className="preset-actions">
            <button type="button" className="text-button" aria-label={`Edit preset ${name}`} onClick={() => onEdit(preset)}>
              Edit
            </button>
            <button type="button" className="text-button" aria-label={`Duplicate preset ${name}`} onClick={() => onDuplicate(preset)}>
              Duplicate
            </button>
            {origin !== 'builtin' && (
              <button
                type="button"
                className="text-button danger"
                disabled={busy === name}
                aria-label={restores ? `Delete preset ${name} (restore built-in)` : `Delete preset ${name}`}
                onClick={() => setConfirming(name)}
              >
                {restores ? 'Delete (restore built-in)' : 'Delete'}
              </button>
            )}
          </div>
        )}
      </li>
    )
  }

  return (
    <div className="preset-list">
      <div className="settings-section-head">
        <h3 id={`${id}-own`}>Your presets</h3>
        <button type="button" className="button primary" onClick={onNew}>
          New preset
        </button>
      </div>
      {own.length === 0 ? (
        <p className="settings-note">None yet. Create one, or duplicate or edit a built-in below.</p>
      ) : (
        <ul aria-labelledby={`${id}-own`}>{own.map(row)}</ul>
      )}
      <h3 id={`${id}-builtin`}>Built-in</h3>
      <ul aria-labelledby={`${id}-builtin`}>{builtins.map(row)}</ul>
    </div>
  )
}
