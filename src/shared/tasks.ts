import { z } from 'zod'
import { PresetName } from './agent-config'
import { ModelUsage, TokenCounts } from './costs'

// Tasks as the bridge carries them. A task owns a git worktree, a branch and one Claude pane,
// and runs through stages, each on the model chosen for it when the task was created.
// Main owns every transition; the renderer only shows tasks and asks for actions.

/** The pipeline's stages, in the order a task runs them. */
export const STAGES = ['clarify', 'plan', 'build', 'test', 'review', 'document', 'merge'] as const
export const Stage = z.enum(STAGES)
export type Stage = z.output<typeof Stage>

/** How hard the task looks; stored for later routing (nothing picks models by it yet). */
export const COMPLEXITIES = ['trivial', 'simple', 'medium', 'complex', 'expert'] as const
export const Complexity = z.enum(COMPLEXITIES)
export type Complexity = z.output<typeof Complexity>

/** The model each stage runs on unless the task or the settings say otherwise. */
export const DEFAULT_STAGE_MODELS: Readonly<Record<Stage, string>> = {
  clarify: 'haiku',
  plan: 'opus',
  build: 'opus',
  test: 'sonnet',
  review: 'sonnet',
  document: 'sonnet',
  merge: 'haiku'
}

/** A model as typed: an alias (opus, sonnet, haiku…) or a full id; main checks it like pane.setModel does. */
const ModelName = z.string().trim().min(1).max(200)

/** One stage's choice in a task. */
export const StageChoice = z
  .object({
    stage: Stage,
    /** Whether the task runs this stage. */
    enabled: z.boolean(),
    /** The model for this stage; undefined = the stage default from the settings. Kept while the stage is off, ignored then. */
    model: ModelName.optional()
  })
  .strict()
export type StageChoice = z.output<typeof StageChoice>

/** What the create dialog (and tasks.update) send. */
export const TaskInput = z
  .object({
    /** One line; the branch name is made from it (tessera/<slug>). */
    title: z.string().trim().min(1).max(200),
    /** What the agent is asked to do; fills {{description}} in the stage prompts. */
    description: z.string().max(20_000).default(''),
    /** The git repository the task branches from: a folder on the host (any folder inside the repo). */
    repo: z.string().min(1).max(4096),
    /** The branch the worktree starts from (its commit at start time). */
    baseBranch: z.string().min(1).max(255),
    complexity: Complexity.default('medium'),
    /** One entry per stage at most, any order; a stage left out is off. At least one must be on. */
    stages: z.array(StageChoice).max(STAGES.length),
    /** Go on to the next stage as soon as a stage's turn ends, instead of waiting for Advance. */
    autoAdvance: z.boolean().default(false),
    /** A preset for the task's pane (its model is the fallback after the stage's choice and the stage default). */
    preset: PresetName.optional()
  })
  .strict()
export type TaskInput = z.input<typeof TaskInput>
export type TaskInputParsed = z.output<typeof TaskInput>

/**
 * backlog: created, not started (editable). running: a stage's turn is under way.
 * waiting: a stage ended; the user advances (or restarts, fails…). review: every stage ran;
 * the branch waits for Complete. done / failed: finished (the worktree can be cleaned up).
 */
export const TASK_STATES = ['backlog', 'running', 'waiting', 'review', 'done', 'failed'] as const
export const TaskState = z.enum(TASK_STATES)
export type TaskState = z.output<typeof TaskState>

/** How a stage run ended: its turn finished (Stop), failed (StopFailure), or was cut off (agent stopped, restarted, task failed). */
export const RunOutcome = z.enum(['completed', 'error', 'interrupted'])
export type RunOutcome = z.output<typeof RunOutcome>

/** One run of one stage (a stage restarted after an error has several). */
export const StageRun = z.object({
  stage: Stage,
  /** The model it ran on, as resolved (an alias or a full id). */
  model: z.string(),
  /** Claude session ids that carried this run's requests (a new id when the agent forks or /clear is used). */
  sessionIds: z.array(z.string()),
  /** ms since the epoch (host clock): the stage's prompt was sent… */
  startedAt: z.number(),
  /** …and its turn ended; absent while it runs. */
  endedAt: z.number().optional(),
  /** Absent while it runs. */
  outcome: RunOutcome.optional(),
  /** The turn's final text (Stop hook's last_assistant_message), or the StopFailure error; bounded. */
  message: z.string().optional()
})
export type StageRun = z.output<typeof StageRun>

/** Tokens and dollars, as the costs service counts them; cost covers the priced models only. */
export const TaskCost = z.object({
  tokens: TokenCounts,
  cost: z.number().nonnegative(),
  /** Models used without a price: their tokens count, their dollars are unknown. */
  unpricedModels: z.array(z.string())
})
export type TaskCost = z.output<typeof TaskCost>

export const Task = z.object({
  /** A UUID made at creation. */
  id: z.string().uuid(),
  title: z.string(),
  description: z.string(),
  /** The repository's top folder (resolved from the folder given at creation). */
  repo: z.string(),
  baseBranch: z.string(),
  complexity: Complexity,
  /** Every stage, in pipeline order, with its choice (so the dialog can show off stages' kept models). */
  stages: z.array(StageChoice),
  autoAdvance: z.boolean(),
  preset: z.string().optional(),
  /** URL- and branch-safe name made from the title, unique among this repo's tasks. */
  slug: z.string(),
  /** tessera/<slug>; it exists in the repo from start until a delete that removes it. */
  branch: z.string(),
  state: TaskState,
  /** The agent was stopped on purpose (its worktree and branch stay); Resume relaunches it. */
  paused: z.boolean(),
  /** Pause was asked mid-turn: the agent still runs (paused is false) and stops when this turn ends, then paused turns true. */
  pausePending: z.boolean().optional(),
  /** Index into `stages` of the current (or last run) stage; absent before start. */
  stageIndex: z.number().int().nonnegative().optional(),
  /** That stage's name, for the card. */
  stage: Stage.optional(),
  /** That stage's model as resolved (task choice > stage default > preset/workspace default); absent when none of them names one. */
  stageModel: z.string().optional(),
  /** The Claude pane the task runs in; it keeps this id across host restarts and agent restarts. */
  paneId: z.string().uuid().optional(),
  /** The worktree's folder (absent before start and after clean-up). */
  worktree: z.string().optional(),
  /** The commit the worktree started from (the base branch's tip at start). */
  baseCommit: z.string().optional(),
  /** Every stage run so far, oldest first. */
  runs: z.array(StageRun),
  /** Why the task failed, or why the last action could not be done (the worktree is gone, say). */
  failure: z.string().optional(),
  /** Files changed in the worktree against the base commit (committed and not), when last counted. */
  changedFiles: z.number().int().nonnegative().optional(),
  /** The worktree's size on disk in bytes, when last measured (off the hot path). */
  diskBytes: z.number().int().nonnegative().optional(),
  /** Tokens and dollars of every stage so far; computed when listed, never stored. */
  cost: TaskCost.optional(),
  /** ms since the epoch (host clock). */
  createdAt: z.number(),
  updatedAt: z.number()
})
export type Task = z.output<typeof Task>

/** Usage of one stage (all its runs) on the models it ran; what the detail view tabulates. */
export const StageCost = TaskCost.extend({
  stage: Stage,
  /** The stage's model as chosen (an alias such as opus); `models` has the ids the API billed. */
  model: z.string(),
  models: z.array(ModelUsage)
})
export type StageCost = z.output<typeof StageCost>

/** What a pane of a task shows in its header. */
export const PaneTask = z.object({ id: z.string().uuid(), title: z.string(), stage: Stage.optional() })
export type PaneTask = z.output<typeof PaneTask>

const StageRecord = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(STAGES.map((stage) => [stage, value])) as Record<Stage, T>).strict()

/** Global task settings (kept in the state store). Templates use {{title}}, {{description}} and {{stage}}. */
export const TaskSettings = z.object({
  /** The stage default models: used when a task leaves a stage's model undefined. A stage without one runs on the preset's or workspace's model. */
  stageModels: StageRecord(ModelName.optional()),
  /** The prompt sent when a stage starts. */
  templates: StageRecord(z.string().min(1).max(20_000))
})
export type TaskSettings = z.output<typeof TaskSettings>

const STATE_NOTE =
  'Keep .tessera/STATE.md in this folder current (create it if missing) with four headings: Goal, Done, Next, Open questions, so a restarted agent can pick the work up. Work only in this folder.'

/** The prompts a new install starts with; each asks the agent to keep .tessera/STATE.md current. */
export const DEFAULT_TEMPLATES: Readonly<Record<Stage, string>> = {
  clarify:
    'Task: {{title}}\n\n{{description}}\n\nStage: {{stage}}. Read the code this task touches and list what is unclear or ambiguous about it, with the questions you would ask. Do not change code yet. ' +
    STATE_NOTE,
  plan: 'Task: {{title}}\n\n{{description}}\n\nStage: {{stage}}. Write a step-by-step implementation plan (files, functions, tests). Do not change code yet. ' + STATE_NOTE,
  build: 'Task: {{title}}\n\n{{description}}\n\nStage: {{stage}}. Implement the task following the plan. Commit your work on this branch when it builds. ' + STATE_NOTE,
  test: 'Task: {{title}}\n\nStage: {{stage}}. Add or update tests for this change, run them, and fix what fails. Commit when they pass. ' + STATE_NOTE,
  review: 'Task: {{title}}\n\nStage: {{stage}}. Review the diff of this branch against its base as a strict reviewer would; fix what you find and commit. ' + STATE_NOTE,
  document: 'Task: {{title}}\n\nStage: {{stage}}. Update the documentation (README, comments, changelog) for this change and commit. ' + STATE_NOTE,
  merge:
    'Task: {{title}}\n\nStage: {{stage}}. Bring this branch up to date with its base branch (rebase or merge), resolve conflicts, make sure it builds and its tests pass, and commit. Do not push. ' +
    STATE_NOTE
}

export const DEFAULT_TASK_SETTINGS: TaskSettings = { stageModels: { ...DEFAULT_STAGE_MODELS }, templates: { ...DEFAULT_TEMPLATES } }

/** A stage's prompt: the template with {{title}}, {{description}} and {{stage}} filled in. */
export function fillTemplate(template: string, values: { title: string; description: string; stage: Stage }): string {
  return template.replace(/\{\{\s*(title|description|stage)\s*\}\}/g, (_match, key: 'title' | 'description' | 'stage') => values[key])
}

/** One file changed in a task's worktree against its base commit. */
export const ChangedFile = z.object({
  path: z.string(),
  /** A rename's or copy's old path. */
  oldPath: z.string().optional(),
  /** untracked: a new file not yet added to git (counted as an addition). */
  status: z.enum(['added', 'modified', 'deleted', 'renamed', 'copied', 'typechange', 'untracked']),
  /** Lines added / removed; null for a binary file. */
  additions: z.number().int().nonnegative().nullable(),
  deletions: z.number().int().nonnegative().nullable()
})
export type ChangedFile = z.output<typeof ChangedFile>

/** What tasks.changes returns: the files, and a unified diff of them (committed + uncommitted + untracked). */
export const TaskChanges = z.object({
  /** The commit compared against. */
  base: z.string(),
  files: z.array(ChangedFile),
  /** `git diff` text in unified format, cut at a size bound. */
  diff: z.string(),
  /** The diff was cut: it is longer than what `diff` carries. */
  truncated: z.boolean()
})
export type TaskChanges = z.output<typeof TaskChanges>

/** What tasks.repo says of a folder. */
export const RepoInfo = z.object({
  folder: z.string(),
  isRepo: z.boolean(),
  /** The repository's top folder. */
  root: z.string().optional(),
  /** Local branches, the current one first. */
  branches: z.array(z.string()),
  /** The checked-out branch; null on a detached HEAD. */
  current: z.string().nullable(),
  /** Why it cannot be used (not a repo, git missing, no commits yet…). */
  problem: z.string().optional()
})
export type RepoInfo = z.output<typeof RepoInfo>

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  clarify: 'Clarify',
  plan: 'Plan',
  build: 'Build',
  test: 'Test',
  review: 'Review',
  document: 'Document',
  merge: 'Merge'
}

export const TASK_STATE_LABELS: Readonly<Record<TaskState, string>> = {
  backlog: 'Backlog',
  running: 'Running',
  waiting: 'Waiting for you',
  review: 'Review',
  done: 'Done',
  failed: 'Failed'
}

const TaskRef = z.object({ taskId: z.string().uuid() }).strict()
/** Where a started task's pane goes and its first size; without them, beside the last pane at 120×32. */
const PanePlacement = {
  cols: z.number().int().min(2).max(1000).optional(),
  rows: z.number().int().min(1).max(500).optional(),
  beside: z.object({ paneId: z.string().uuid(), edge: z.enum(['left', 'right', 'top', 'bottom']) }).strict().optional()
}

/** The tasks.* calls; bridge.ts spreads them into its call table. */
export const taskCalls = {
  // Every task, newest first, with its cost so far.
  'tasks.list': { input: z.object({}).strict(), output: z.array(Task) },
  // One task with its cost per stage (and model).
  'tasks.get': { input: TaskRef, output: z.object({ task: Task, stageCosts: z.array(StageCost) }) },
  // Checks every stage's model and the repo; nothing is stored when something is wrong.
  'tasks.create': { input: TaskInput, output: Task },
  // Only while backlog or failed (before a restart from failed).
  'tasks.update': { input: z.object({ taskId: z.string().uuid(), input: TaskInput }).strict(), output: Task },
  // Worktree + branch + pane, then the first enabled stage's prompt; nothing is left behind when it fails.
  'tasks.start': { input: TaskRef.extend(PanePlacement).strict(), output: Task },
  // The next enabled stage in the same conversation on its model; after the last one, review.
  'tasks.advance': { input: TaskRef, output: Task },
  // Stops the agent between turns (now when idle, else when the turn ends); worktree and branch stay.
  'tasks.pause': { input: TaskRef, output: Task },
  // Relaunches a paused task's agent, resuming its conversation.
  'tasks.resume': { input: TaskRef, output: Task },
  // Restarts the agent (resuming its conversation); the task and its worktree stay as they are.
  'tasks.restartAgent': { input: TaskRef, output: Task },
  'tasks.fail': { input: TaskRef.extend({ reason: z.string().max(2000).optional() }).strict(), output: Task },
  // failed → waiting, when its worktree is still there: Advance then runs the stage that did not finish again.
  'tasks.reopen': { input: TaskRef, output: Task },
  // review (or waiting) → done; the branch is left as it is.
  'tasks.complete': { input: TaskRef, output: Task },
  // Closes the pane; removes the worktree and the branch only when asked.
  'tasks.delete': { input: TaskRef.extend({ removeWorktree: z.boolean(), removeBranch: z.boolean() }).strict(), output: z.null() },
  // Removes a done or failed task's worktree (the branch stays).
  'tasks.cleanup': { input: TaskRef, output: Task },
  // Files changed against the base and a bounded unified diff.
  'tasks.changes': { input: TaskRef, output: TaskChanges },
  // Whether a folder is a git repo, its branches and current branch, or what is wrong.
  'tasks.repo': { input: z.object({ folder: z.string().min(1).max(4096) }).strict(), output: RepoInfo },
  // The settings in force, and the defaults to reset to.
  'tasks.settings': { input: z.object({}).strict(), output: TaskSettings.extend({ defaults: TaskSettings }) },
  // Replaces the settings (every stage's model is checked).
  'tasks.setSettings': { input: TaskSettings.strict(), output: z.null() }
} as const

export const taskEvents = {
  // Any task changed (state, stage, pane, disk figure…): the whole list, with costs.
  'tasks.changed': z.object({ tasks: z.array(Task) })
} as const
