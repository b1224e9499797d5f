import { useEffect, useId, useState } from 'react'
import { STAGE_LABELS, STAGES, type Stage, type TaskSettings } from '../../../shared/tasks'
import { useWorkbench } from '../state/context'
import { StageModelSelect } from './StageModelSelect'
import { sameSettings, templateProblem, withModel } from './task-settings-form'
import './tasks.css'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

interface Loaded {
  defaults: TaskSettings
}

function StageSetting({ stage, settings, onChange }: { stage: Stage; settings: TaskSettings; onChange: (settings: TaskSettings) => void }): React.JSX.Element {
  const id = useId()
  const template = settings.templates[stage]
  const problem = templateProblem(template)
  return (
    <fieldset className="task-setting" aria-label={`${STAGE_LABELS[stage]} stage`}>
      <div className="task-setting-head">
        <span className="task-setting-stage">{STAGE_LABELS[stage]}</span>
        <StageModelSelect
          stage={stage}
          model={settings.stageModels[stage]}
          blankLabel="No default: the preset's or workspace's model"
          onChange={(model) => onChange({ ...settings, stageModels: withModel(settings.stageModels, stage, model) })}
        />
      </div>
      <label className="settings-hint" htmlFor={`${id}-template`}>
        Prompt sent when the stage starts
      </label>
      <textarea
        id={`${id}-template`}
        className="task-template"
        rows={4}
        value={template}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => onChange({ ...settings, templates: { ...settings.templates, [stage]: event.target.value } })}
      />
      {problem && <span className="settings-field-error">{problem}</span>}
    </fieldset>
  )
}

/**
 * The settings tab for tasks: each stage's default model (used when a task leaves it
 * to the default) and the prompt its stage starts with ({{title}}, {{description}} and
 * {{stage}} are filled in). The host checks every model again.
 */
export function TaskSettingsPanel(): React.JSX.Element {
  const { client } = useWorkbench()
  const [settings, setSettings] = useState<TaskSettings | null>(null)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null)

  useEffect(() => {
    let live = true
    client.call('tasks.settings', {}).then(
      ({ defaults, ...current }) => {
        if (!live) return
        setSettings(current)
        setLoaded({ defaults })
      },
      (error: unknown) => live && setMessage({ text: `Task settings could not be loaded: ${errorText(error)}`, problem: true })
    )
    return () => {
      live = false
    }
  }, [client])

  if (!settings || !loaded) return <p className="settings-hint" role={message?.problem ? 'alert' : undefined}>{message?.text ?? 'Loading task settings…'}</p>

  const send = (next: TaskSettings, done: string): void => {
    client.call('tasks.setSettings', next).then(
      () => (setSettings(next), setMessage({ text: done, problem: false })),
      (error: unknown) => setMessage({ text: `Not saved: ${errorText(error)}`, problem: true })
    )
  }
  const invalid = STAGES.some((stage) => templateProblem(settings.templates[stage]))

  return (
    <form
      aria-label="Task settings"
      className="task-settings"
      onSubmit={(event) => {
        event.preventDefault()
        if (!invalid) send(settings, 'Task settings saved; new stages use them.')
      }}
    >
      <p className="settings-hint">
        A task uses its own model for a stage when it chose one, else the stage default here, else its preset or workspace default. {'{{title}}'}, {'{{description}}'} and{' '}
        {'{{stage}}'} are filled in.
      </p>
      {STAGES.map((stage) => (
        <StageSetting key={stage} stage={stage} settings={settings} onChange={setSettings} />
      ))}
      <div className="settings-actions">
        <button type="button" className="text-button" disabled={sameSettings(settings, loaded.defaults)} onClick={() => send(loaded.defaults, 'Back to the default task settings.')}>
          Reset to defaults
        </button>
        <button type="submit" className="button primary" disabled={invalid}>
          Save task settings
        </button>
      </div>
      {message && (
        <p className={message.problem ? 'settings-field-error' : 'settings-hint'} role={message.problem ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  )
}
