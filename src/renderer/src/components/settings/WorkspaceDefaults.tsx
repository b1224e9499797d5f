import { useEffect, useId, useState } from 'react'
import { AGENT_LABELS, type ConfigField } from '../../../../shared/agent-config'
import { useAppState, useWorkbench } from '../../state/context'
import { ConfigFields } from './ConfigFields'
import {
  configFromValues,
  folderProblem,
  formProblems,
  isPresetKind,
  normalizeFolder,
  PRESET_KINDS,
  summarizeConfig,
  valuesFromConfig,
  type FormValues,
  type PresetKind
} from './config-form'

type Defaults = Readonly<Record<string, Readonly<Record<string, unknown>>>>
type StoredProblems = readonly { kind: string; reason: string }[]

/** Unsaved edits, by kind, for one folder; another folder starts from what is stored. */
interface Edits {
  folder: string
  byKind: Partial<Record<PresetKind, FormValues>>
}

const LOOKUP_DELAY_MS = 250
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The Workspace default tab: one folder's default config per agent kind. */
export function WorkspaceDefaults(): React.JSX.Element {
  const workbench = useWorkbench()
  const id = useId()
  const defaultCwd = useAppState((s) => s.defaultCwd)
  const [typed, setTyped] = useState<string | null>(null)
  const [kind, setKind] = useState<PresetKind>('claude')
  const [loaded, setLoaded] = useState<{ folder: string; defaults: Defaults; problems: StoredProblems } | null>(null)
  const [edits, setEdits] = useState<Edits | null>(null)
  const [reloads, setReloads] = useState(0)
  const [saving, setSaving] = useState(false)
  const [submitted, setSubmitted] = useState(false)
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null)

  const folderText = typed ?? defaultCwd
  const folder = normalizeFolder(folderText)
  const folderError = folderProblem(folderText)
  const current = loaded?.folder === folder ? loaded.defaults : undefined
  const unused = loaded?.folder === folder ? loaded.problems : []
  const stored = current?.[kind]
  const storedInvalid = unused.some((problem) => problem.kind === kind)
  const values = (edits?.folder === folder ? edits.byKind[kind] : undefined) ?? valuesFromConfig(stored ?? {})
  const clearable = !saving && (stored !== undefined || storedInvalid) && !folderError
  // As in the preset form: shown from the first save on, never on blur.
  const problems = submitted ? formProblems(kind, values) : {}

  // Looks the folder up once the user pauses typing, and again whenever settings change.
  useEffect(() => {
    if (folderError) return
    let live = true
    const timer = setTimeout(() => {
      workbench.client.call('workspace.get', { folder }).then(
        ({ defaults, problems: stored }) => live && setLoaded({ folder, defaults, problems: stored }),
        (error: unknown) => live && setMessage({ text: errorText(error), error: true })
      )
    }, LOOKUP_DELAY_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [workbench, folder, folderError, reloads])

  useEffect(() => workbench.client.on('settings.changed', () => setReloads((n) => n + 1)), [workbench])

  const change = (field: ConfigField, value: string): void => {
    setMessage(null)
    setEdits((prev) => {
      const byKind = prev?.folder === folder ? prev.byKind : {}
      return { folder, byKind: { ...byKind, [kind]: { ...values, [field]: value } } }
    })
  }

  const write = async (config: Record<string, unknown>): Promise<void> => {
    setSaving(true)
    setMessage(null)
    try {
      await workbench.client.call('workspace.set', { folder, kind, config })
      const empty = Object.keys(config).length === 0
      setMessage({ text: `${empty ? 'Cleared' : 'Saved'} the ${AGENT_LABELS[kind]} default for ${folder}.` })
      setEdits((prev) => (prev?.folder === folder ? { folder, byKind: { ...prev.byKind, [kind]: undefined } } : prev))
      setSubmitted(false)
      setReloads((n) => n + 1)
    } catch (error) {
      setMessage({ text: errorText(error), error: true })
    } finally {
      setSaving(false)
    }
  }

  const save = (event: React.FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (saving) return
    setSubmitted(true)
    const built = configFromValues(kind, values)
    if (folderError || !built.ok) {
      event.currentTarget.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    void write(built.config)
  }

  return (
    <form className="workspace-form" aria-labelledby={`${id}-title`} onSubmit={save} noValidate>
      <h3 id={`${id}-title`}>Workspace default</h3>
      <p className="settings-note">
        New panes started in this folder, or any folder inside it, use this config unless a preset or the pane says
        otherwise.
      </p>
      <div className="settings-fields">
        <div className="settings-field wide">
          <label htmlFor={`${id}-folder`}>Project folder</label>
          <input
            id={`${id}-folder`}
            value={folderText}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={folderError ? true : undefined}
            aria-describedby={`${id}-folder-hint`}
            onChange={(event) => (setTyped(event.target.value), setMessage(null))}
          />
          <span className={folderError ? 'settings-field-error' : 'settings-hint'} id={`${id}-folder-hint`}>
            {folderError ?? (folder === defaultCwd ? 'Where new panes start.' : 'Type any project folder.')}
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
      </div>
      <dl className="workspace-summary" aria-label="Saved for this folder">
        {PRESET_KINDS.map((option) => (
          <div key={option}>
            <dt>{AGENT_LABELS[option]}</dt>
            <dd data-kind={option}>{current ? summarizeConfig(current[option] ?? {}) || (unused.some((problem) => problem.kind === option) ? 'invalid, not used' : 'no default') : '…'}</dd>
          </div>
        ))}
      </dl>
      {/* A default the host skips is not only logged: the user sees it here and can replace or clear it. */}
      {unused.length > 0 && (
        <div className="settings-problems" role="alert">
          <strong>Saved for this folder but not used, as invalid:</strong>
          <ul>
            {unused.map((problem) => (
              <li key={problem.kind}>
                <span>
                  <span className="settings-problem-subject">{isPresetKind(problem.kind) ? AGENT_LABELS[problem.kind] : problem.kind}</span>
                  {': '}
                  {problem.reason}
                </span>
              </li>
            ))}
          </ul>
          <p>Save a new default for that agent, or clear it.</p>
        </div>
      )}
      <ConfigFields idPrefix={`${id}-config`} kind={kind} values={values} errors={problems} onChange={change} />
      <p className="settings-status" role="status">
        {message && !message.error ? message.text : ''}
      </p>
      {message?.error && (
        <p className="settings-error" role="alert">
          {message.text}
        </p>
      )}
      <div className="settings-actions">
        {/* aria-disabled, not disabled: a button disabled while focused drops the keyboard out of the dialog. */}
        <button
          type="button"
          className="button"
          aria-disabled={clearable ? undefined : true}
          aria-label={`Clear the ${AGENT_LABELS[kind]} default`}
          onClick={() => clearable && void write({})}
        >
          Clear
        </button>
        <button type="submit" className="button primary" aria-disabled={saving}>
          Save default
        </button>
      </div>
    </form>
  )
}
