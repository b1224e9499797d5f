import { useId, useState } from 'react'
import { COMPLEXITIES, STAGE_LABELS, type Task } from '../../../shared/tasks'
import { Dialog } from '../components/Dialog'
import { FolderField } from '../components/FolderField'
import { useAppState, useWorkbench } from '../state/context'
import {
  draftOf,
  draftProblems,
  hasProblems,
  inputOf,
  isComplexity,
  newDraft,
  resolvedBranch,
  setStageModel,
  toggleStage,
  type DraftProblems,
  type TaskDraft
} from './task-form'
import { StageModelSelect } from './StageModelSelect'
import { useRepoInfo, type RepoCheck } from './use-repo-info'
import { useStageDefaults, type StageDefaults } from './use-stage-defaults'
import './tasks.css'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Up and down move within fields and lists; the Dialog would take them for its own list navigation. */
function keepFieldKeys(event: React.KeyboardEvent): void {
  const inField = (event.target as HTMLElement).matches('input, textarea, select')
  if (inField && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) event.stopPropagation()
}

function FieldError({ id, text }: { id: string; text: string | undefined }): React.JSX.Element | null {
  if (!text) return null
  return (
    <span className="settings-field-error" id={id} role="alert">
      {text}
    </span>
  )
}

/** The dropdown's first choice: the stage default in force, by name. */
export const defaultLabel = (model: string | undefined): string => `Stage default (${model ?? 'preset or workspace model'})`

interface StagesProps {
  draft: TaskDraft
  defaults: StageDefaults
  problems: DraftProblems | null
  onChange: (draft: TaskDraft) => void
}

/** Each stage: a toggle, and beside it its model (disabled while the stage is off, its choice kept). */
function StageRows({ draft, defaults, problems, onChange }: StagesProps): React.JSX.Element {
  const id = useId()
  return (
    <fieldset className="task-stages" aria-describedby={problems?.stages ? `${id}-stages` : undefined}>
      <legend>Stages</legend>
      {draft.stages.map((entry) => (
        <div key={entry.stage} className="task-stage-row" data-enabled={entry.enabled ? '' : undefined}>
          <label className="task-stage-toggle">
            <input type="checkbox" checked={entry.enabled} onChange={(event) => onChange(toggleStage(draft, entry.stage, event.target.checked))} />
            {STAGE_LABELS[entry.stage]}
          </label>
          <StageModelSelect
            stage={entry.stage}
            model={entry.model}
            blankLabel={defaultLabel(defaults[entry.stage])}
            disabled={!entry.enabled}
            onChange={(model) => onChange(setStageModel(draft, entry.stage, model))}
          />
          <FieldError id={`${id}-${entry.stage}`} text={problems?.models[entry.stage]} />
        </div>
      ))}
      <FieldError id={`${id}-stages`} text={problems?.stages} />
    </fieldset>
  )
}

/** The repository's branches once it checks out; its problem otherwise. */
function BaseBranch({ branch, repo, problem, onChange }: { branch: string; repo: RepoCheck; problem: string | undefined; onChange: (branch: string) => void }): React.JSX.Element {
  const id = useId()
  const options = repo.info?.branches ?? []
  return (
    <div className="settings-field">
      <label htmlFor={id}>Base branch</label>
      <select id={id} value={branch} disabled={options.length === 0} aria-invalid={problem ? true : undefined} onChange={(event) => onChange(event.target.value)}>
        {options.length === 0 && <option value="">{repo.checking ? 'Reading branches…' : 'No branches'}</option>}
        {options.map((branch) => (
          <option key={branch} value={branch}>
            {branch}
            {branch === repo.info?.current ? ' (checked out)' : ''}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} text={problem} />
    </div>
  )
}

/** A new task, or (from a card's Edit) a task not yet started. What was typed stays when the host refuses it. */
export function CreateTaskDialog(): React.JSX.Element {
  const workbench = useWorkbench()
  const editing = useAppState((s) => (s.taskFor ? s.tasks.find((task) => task.id === s.taskFor) : undefined))
  const workspace = useAppState((s) => s.folders.workspace)
  const defaults = useStageDefaults()
  const [draft, setDraft] = useState<TaskDraft>(() => (editing ? draftOf(editing) : newDraft(workspace)))
  const [problems, setProblems] = useState<DraftProblems | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const repo = useRepoInfo(draft.repo)
  const id = useId()
  // The branch follows the repository: the one chosen while the repo has it, else its checked-out one.
  const baseBranch = resolvedBranch(draft.baseBranch, repo.info)

  const change = (next: TaskDraft): void => {
    setDraft(next)
    // Problems shown after a try are checked again as the user fixes them.
    if (problems) setProblems(draftProblems({ ...next, baseBranch: resolvedBranch(next.baseBranch, repo.info) }))
  }

  const submit = (): void => {
    const chosen = { ...draft, baseBranch }
    const found = draftProblems(chosen)
    if (hasProblems(found)) return setProblems(found)
    setProblems(null)
    setFailure(null)
    setBusy(true)
    const input = inputOf(chosen)
    const request: Promise<Task> = editing ? workbench.client.call('tasks.update', { taskId: editing.id, input }) : workbench.client.call('tasks.create', input)
    request.then(
      (task) => {
        workbench.store.update((s) => ({ tasks: s.tasks.some((old) => old.id === task.id) ? s.tasks.map((old) => (old.id === task.id ? task : old)) : [task, ...s.tasks] }))
        // The new card is where the user looks next.
        if (workbench.store.get().taskView === 'hidden') workbench.setTaskView('panel')
        workbench.setOverlay(null)
      },
      (error: unknown) => (setFailure(errorText(error)), setBusy(false))
    )
  }

  const repoProblem = problems?.repo ?? (repo.info && !repo.info.isRepo ? (repo.info.problem ?? 'This folder is not a git repository') : repo.info?.problem)

  return (
    <Dialog title={editing ? 'Edit task' : 'New task'} className="task-dialog" onClose={() => workbench.setOverlay(null)}>
      <form
        className="task-form"
        aria-label={editing ? 'Edit task' : 'New task'}
        onKeyDown={keepFieldKeys}
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <div className="settings-field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            type="text"
            value={draft.title}
            data-autofocus=""
            autoComplete="off"
            aria-invalid={problems?.title ? true : undefined}
            onChange={(event) => change({ ...draft, title: event.target.value })}
          />
          <FieldError id={`${id}-title-error`} text={problems?.title} />
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea id={`${id}-description`} rows={3} value={draft.description} onChange={(event) => change({ ...draft, description: event.target.value })} />
        </div>
        <FolderField label="Repository" value={draft.repo} onChange={(folder) => change({ ...draft, repo: folder })} onSubmit={() => undefined} problem={repoProblem} />
        <div className="task-form-row">
          <BaseBranch branch={baseBranch} repo={repo} problem={problems?.baseBranch} onChange={(baseBranch) => change({ ...draft, baseBranch })} />
          <div className="settings-field">
            <label htmlFor={`${id}-complexity`}>Complexity</label>
            <select id={`${id}-complexity`} value={draft.complexity} onChange={(event) => isComplexity(event.target.value) && change({ ...draft, complexity: event.target.value })}>
              {COMPLEXITIES.map((complexity) => (
                <option key={complexity} value={complexity}>
                  {complexity}
                </option>
              ))}
            </select>
          </div>
        </div>
        <StageRows draft={draft} defaults={defaults} problems={problems} onChange={change} />
        <label className="task-check">
          <input type="checkbox" checked={draft.autoAdvance} onChange={(event) => change({ ...draft, autoAdvance: event.target.checked })} />
          Advance by itself when a stage ends
        </label>
        {failure && (
          <p className="task-form-failure" role="alert">
            {failure}
          </p>
        )}
        <div className="folder-actions">
          <button type="button" className="button" onClick={() => workbench.setOverlay(null)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {editing ? 'Save task' : 'Create task'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
