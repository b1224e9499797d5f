import { useState } from 'react'
import { modelProblem } from '../../../shared/agent-config'
import { STAGE_LABELS, type Stage } from '../../../shared/tasks'
import { STAGE_MODEL_CHOICES } from './task-form'

const NONE = ''
const OTHER = '__other__'

interface Props {
  stage: Stage
  /** undefined: none chosen here (what `blankLabel` says happens then). */
  model: string | undefined
  /** The first choice, for no model of its own: "Stage default (opus)", say. */
  blankLabel: string
  disabled?: boolean
  onChange: (model: string | undefined) => void
}

/**
 * A stage's model: none of its own (the default), the usual aliases, any id chosen before, or one
 * typed in (checked as the pane picker checks it; Enter applies, Esc cancels).
 */
export function StageModelSelect({ stage, model, blankLabel, disabled = false, onChange }: Props): React.JSX.Element {
  const [typing, setTyping] = useState(false)
  const label = `${STAGE_LABELS[stage]} model`
  if (typing && !disabled) return <ModelIdInput label={label} onDone={(typed) => (setTyping(false), typed !== undefined && onChange(typed))} />
  const options = [...new Set([...STAGE_MODEL_CHOICES, ...(model ? [model] : [])])]
  return (
    <select
      className="stage-model"
      aria-label={label}
      value={model ?? NONE}
      disabled={disabled}
      onChange={(event) => {
        const value = event.target.value
        if (value === OTHER) setTyping(true)
        else onChange(value === NONE ? undefined : value)
      }}
    >
      <option value={NONE}>{blankLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
      <option value={OTHER}>Other model id…</option>
    </select>
  )
}

/** A typed model id; `onDone(undefined)` when cancelled or left empty. */
function ModelIdInput({ label, onDone }: { label: string; onDone: (model: string | undefined) => void }): React.JSX.Element {
  const [value, setValue] = useState('')
  const typed = value.trim()
  const problem = typed ? modelProblem('claude', typed) : undefined
  const apply = (): void => onDone(typed && !problem ? typed : undefined)
  return (
    <span className="stage-model-typed">
      <input
        className="stage-model"
        aria-label={`${label} id`}
        aria-invalid={problem ? true : undefined}
        title={problem ?? 'Enter to use it, Esc to cancel'}
        placeholder="claude-…"
        spellCheck={false}
        autoFocus
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === 'Enter') {
            // The dialog would close on Esc, and a form would submit on Enter.
            event.preventDefault()
            event.stopPropagation()
            if (event.key === 'Escape') onDone(undefined)
            else if (!problem) apply()
          }
        }}
        onBlur={apply}
      />
      {problem && (
        <span className="settings-field-error" role="alert">
          {problem}
        </span>
      )}
    </span>
  )
}
