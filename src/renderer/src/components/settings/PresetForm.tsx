import { useEffect, useId, useRef, useState } from 'react'
import { AGENT_LABELS, type ConfigField } from '../../../../shared/agent-config'
import type { PresetEntry } from '../../../../shared/bridge'
import { useWorkbench } from '../../state/context'
import { ConfigFields } from './ConfigFields'
import {
  configFromValues,
  formProblems,
  isPresetKind,
  nameClash,
  nameProblem,
  PRESET_KINDS,
  replacesFor,
  type FieldErrors,
  type PresetDraft
} from './config-form'

interface Props {
  draft: PresetDraft
  presets: readonly PresetEntry[]
  onSaved: (saved: PresetEntry) => void
  onCancel: () => void
}

const TITLES: Readonly<Record<PresetDraft['mode'], (source: string) => string>> = {
  new: () => 'New preset',
  edit: (source) => `Edit preset ${source}`,
  customise: (source) => `Customise built-in ${source}`,
  duplicate: (source) => `Duplicate of ${source}`
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))
const isBuiltinName = (presets: readonly PresetEntry[], name: string): boolean =>
  presets.some((preset) => preset.name === name && preset.origin !== 'user')

/**
 * Creates or edits one preset. Save checks what it can read, then asks the host,
 * whose refusal is shown as it said it, input kept; problems show under their fields.
 */
export function PresetForm({ draft, presets, onSaved, onCancel }: Props): React.JSX.Element {
  const workbench = useWorkbench()
  const id = useId()
  const [name, setName] = useState(draft.name)
  const [kind, setKind] = useState(draft.kind)
  const [description, setDescription] = useState(draft.description)
  const [values, setValues] = useState(draft.values)
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [hostError, setHostError] = useState<string | null>(null)

  const alertRef = useRef<HTMLParagraphElement>(null)
  // The host's answer sits by the Save button, maybe below the fold: bring it into view.
  // (A block body: newer Chromium's scrollIntoView returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    alertRef.current?.scrollIntoView({ block: 'nearest' })
  }, [hostError])

  const trimmedName = name.trim()
  const nameError = nameProblem(trimmedName) ?? nameClash(draft, trimmedName, presets)
  const problems = formProblems(kind, values)
  // Problems show once the user tries to save, then follow the edits live. (Not on blur: a
  // message appearing as the field loses focus moves the Save button from under the pointer.)
  const visible: FieldErrors = submitted ? problems : {}
  const shadows = !nameError && draft.source !== trimmedName && isBuiltinName(presets, trimmedName)
  const willShadow = (draft.mode === 'customise' && trimmedName === draft.source) || shadows

  const change = (field: ConfigField, value: string): void => {
    setValues((current) => ({ ...current, [field]: value }))
    setHostError(null)
  }

  const save = async (event: React.FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (saving) return
    setSubmitted(true)
    const built = configFromValues(kind, values)
    const form = event.currentTarget
    if (nameError || !built.ok) {
      // Text we cannot even read stays here; everything else is the host's to judge.
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    setSaving(true)
    setHostError(null)
    try {
      const replaces = replacesFor(draft, trimmedName)
      const saved = await workbench.client.call('presets.save', {
        name: trimmedName,
        kind,
        ...(description.trim() ? { description: description.trim() } : {}),
        config: built.config,
        ...(replaces ? { replaces } : {})
      })
      onSaved(saved)
    } catch (error) {
      setHostError(errorText(error))
      setSaving(false)
    }
  }

  return (
    <form className="preset-form" aria-labelledby={`${id}-title`} onSubmit={(event) => void save(event)} noValidate>
      <h3 id={`${id}-title`}>{TITLES[draft.mode](draft.source ?? '')}</h3>
      {draft.mode === 'customise' && (
        <p className="settings-note">
          Built-ins cannot be changed. Saving makes your own {draft.source} that is used instead; delete it to get the
          built-in back.
        </p>
      )}
      <div className="settings-fields">
        <div className="settings-field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            aria-invalid={nameError && submitted ? true : undefined}
            aria-describedby={`${id}-name-hint`}
            onChange={(event) => (setName(event.target.value), setHostError(null))}
          />
          <span className="settings-hint" id={`${id}-name-hint`}>
            {nameError && submitted ? (
              <span className="settings-field-error">{nameError}</span>
            ) : willShadow ? (
              `Replaces the built-in ${trimmedName} until you delete it.`
            ) : (
              'Lower-case letters, digits, "." "_" "-".'
            )}
          </span>
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-kind`}>Agent</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => isPresetKind(event.target.value) && setKind(event.target.value)}>
            {PRESET_KINDS.map((option) => (
              <option key={option} value={option}>
                {AGENT_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="settings-field wide">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            value={description}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
      </div>
      <ConfigFields idPrefix={`${id}-config`} kind={kind} values={values} errors={visible} onChange={change} />
      {hostError && (
        <p className="settings-error" role="alert" ref={alertRef}>
          {hostError}
        </p>
      )}
      <div className="settings-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus out of the dialog. */}
        <button type="submit" className="button primary" aria-disabled={saving}>
          {saving ? 'Saving…' : 'Save preset'}
        </button>
      </div>
    </form>
  )
}
