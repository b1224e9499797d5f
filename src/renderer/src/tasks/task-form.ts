import { modelProblem } from '../../../shared/agent-config'
import { COMPLEXITIES, STAGES, type Complexity, type RepoInfo, type Stage, type Task, type TaskInput } from '../../../shared/tasks'

// The create (and edit) dialog's draft, and the rules it follows. Pure, so each
// rule is unit-tested. A stage's model is kept when the stage is turned off, so
// turning it back on brings the choice back; an off stage's model is still sent
// (the host ignores it) so an edit later shows it too.

export interface StageDraft {
  stage: Stage
  enabled: boolean
  /** undefined: the stage default from the settings. */
  model: string | undefined
}

export interface TaskDraft {
  title: string
  description: string
  repo: string
  baseBranch: string
  complexity: Complexity
  stages: readonly StageDraft[]
  autoAdvance: boolean
}

/** The stages a new task runs unless the user says otherwise. */
export const DEFAULT_ENABLED: ReadonlySet<Stage> = new Set(['plan', 'build', 'test', 'review'])

/** The models the dropdown lists, as the pane picker does; any other id can be typed. */
export const STAGE_MODEL_CHOICES: readonly string[] = ['opus', 'sonnet', 'haiku']

export function newDraft(repo: string): TaskDraft {
  return {
    title: '',
    description: '',
    repo,
    baseBranch: '',
    complexity: 'medium',
    stages: STAGES.map((stage) => ({ stage, enabled: DEFAULT_ENABLED.has(stage), model: undefined })),
    autoAdvance: false
  }
}

/** An existing task's draft, for editing it (every stage present, in pipeline order). */
export function draftOf(task: Task): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    repo: task.repo,
    baseBranch: task.baseBranch,
    complexity: task.complexity,
    stages: STAGES.map((stage) => {
      const choice = task.stages.find((entry) => entry.stage === stage)
      return { stage, enabled: choice?.enabled ?? false, model: choice?.model }
    }),
    autoAdvance: task.autoAdvance
  }
}

const withStage = (draft: TaskDraft, stage: Stage, change: Partial<StageDraft>): TaskDraft => ({
  ...draft,
  stages: draft.stages.map((entry) => (entry.stage === stage ? { ...entry, ...change } : entry))
})

/** Turns a stage on or off; its model stays as chosen. */
export const toggleStage = (draft: TaskDraft, stage: Stage, enabled: boolean): TaskDraft => withStage(draft, stage, { enabled })

/** Chooses a stage's model; undefined (or blank) goes back to the stage default. */
export const setStageModel = (draft: TaskDraft, stage: Stage, model: string | undefined): TaskDraft =>
  withStage(draft, stage, { model: model?.trim() ? model.trim() : undefined })

export const isComplexity = (value: string): value is Complexity => (COMPLEXITIES as readonly string[]).includes(value)

export interface DraftProblems {
  title?: string
  repo?: string
  baseBranch?: string
  stages?: string
  /** A stage whose typed model id is not one Claude Code takes. */
  models: Partial<Record<Stage, string>>
}

/** What keeps the draft from being sent; the host checks everything again. */
export function draftProblems(draft: TaskDraft): DraftProblems {
  const problems: DraftProblems = { models: {} }
  if (!draft.title.trim()) problems.title = 'Give the task a title'
  if (!draft.repo.trim()) problems.repo = 'Choose the repository the task branches from'
  if (!draft.baseBranch.trim()) problems.baseBranch = 'Choose the branch the task starts from'
  if (!draft.stages.some((entry) => entry.enabled)) problems.stages = 'Turn on at least one stage'
  for (const entry of draft.stages) {
    // An off stage's model is kept for later, so it is checked too: it is sent as it is.
    const problem = entry.model ? modelProblem('claude', entry.model) : undefined
    if (problem) problems.models[entry.stage] = problem
  }
  return problems
}

export const hasProblems = (problems: DraftProblems): boolean =>
  Boolean(problems.title || problems.repo || problems.baseBranch || problems.stages || Object.keys(problems.models).length > 0)

/** What tasks.create and tasks.update take. */
export function inputOf(draft: TaskDraft): TaskInput {
  return {
    title: draft.title.trim(),
    description: draft.description,
    repo: draft.repo.trim(),
    baseBranch: draft.baseBranch,
    complexity: draft.complexity,
    stages: draft.stages.map(({ stage, enabled, model }) => (model ? { stage, enabled, model } : { stage, enabled })),
    autoAdvance: draft.autoAdvance
  }
}

/** The base branch the dialog uses: the one chosen while the repository has it, else the checked-out one (or its first). */
export function resolvedBranch(chosen: string, repo: Pick<RepoInfo, 'branches' | 'current'> | null): string {
  if (!repo || repo.branches.length === 0 || repo.branches.includes(chosen)) return chosen
  return repo.current && repo.branches.includes(repo.current) ? repo.current : (repo.branches[0] ?? chosen)
}
