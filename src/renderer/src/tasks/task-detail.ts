import type { ModelUsage } from '../../../shared/costs'
import type { ChangedFile, Stage, StageCost, Task } from '../../../shared/tasks'
import { costText, formatTokens, totalTokens } from '../costs/cost-format'

// The detail view's rows: every stage with its model and where it stands, and what
// it cost on each model it ran. Pure, so unit-tested.

export type StageProgress = 'off' | 'pending' | 'running' | 'done' | 'error' | 'interrupted'

export const PROGRESS_LABELS: Readonly<Record<StageProgress, string>> = {
  off: 'off',
  pending: 'not yet',
  running: 'running',
  done: 'done',
  error: 'ended with an error',
  interrupted: 'interrupted'
}

export interface StageRow {
  stage: Stage
  /** The model as chosen for the stage (undefined: the stage default). */
  chosen: string | undefined
  /** The model the stage ran on (its last run), when it ran. */
  ran: string | undefined
  progress: StageProgress
  runs: number
  /** The stage's usage on each model the API billed; empty before it ran. */
  models: readonly ModelUsage[]
  cost: StageCost | undefined
}

function progressOf(task: Task, stage: Stage, enabled: boolean): StageProgress {
  const runs = task.runs.filter((run) => run.stage === stage)
  const last = runs[runs.length - 1]
  if (!last) return enabled ? 'pending' : 'off'
  if (!last.outcome) return 'running'
  return last.outcome === 'completed' ? 'done' : last.outcome
}

/** One row per stage in pipeline order; off stages that never ran are listed too (dimmed). */
export function stageRows(task: Task, costs: readonly StageCost[]): StageRow[] {
  return task.stages.map((choice) => {
    const runs = task.runs.filter((run) => run.stage === choice.stage)
    const cost = costs.find((entry) => entry.stage === choice.stage)
    return {
      stage: choice.stage,
      chosen: choice.model,
      ran: runs[runs.length - 1]?.model,
      progress: progressOf(task, choice.stage, choice.enabled),
      runs: runs.length,
      models: cost?.models ?? [],
      cost
    }
  })
}

/** "$0.42" for a model's usage; "price unknown" when it has none. */
export function usageCostText(usage: ModelUsage): string {
  return usage.cost === null ? 'price unknown' : costText(usage.cost, [], false).full
}

/** A stage's dollars over every model it ran. */
export function stageCostText(cost: StageCost | undefined): string {
  if (!cost || totalTokens(cost.tokens) === 0) return '—'
  return costText(cost.cost, cost.unpricedModels, cost.cost === 0 && cost.unpricedModels.length > 0).full
}

export const tokenCountText = (tokens: Parameters<typeof totalTokens>[0]): string => formatTokens(totalTokens(tokens))

const STATUS_LETTERS: Readonly<Record<ChangedFile['status'], string>> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  typechange: 'T',
  untracked: 'U'
}

/** "A", "M", "D"…: a changed file's status as git shows it. */
export const statusLetter = (status: ChangedFile['status']): string => STATUS_LETTERS[status]

/** "+12 −3", or "binary". */
export function lineCounts(file: ChangedFile): string {
  if (file.additions === null || file.deletions === null) return 'binary'
  return `+${file.additions} −${file.deletions}`
}
