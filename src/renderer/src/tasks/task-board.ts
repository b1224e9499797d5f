import { STAGE_LABELS, TASK_STATES, type Task, type TaskCost, type TaskState } from '../../../shared/tasks'
import { costText, formatTokens, totalTokens } from '../costs/cost-format'

// What the board shows of each task and which actions a card offers. Pure, so the
// rules are unit-tested; the components only lay them out. Main owns every
// transition: an action offered here may still be refused, with the host's reason.

export type TaskAction =
  | 'start'
  | 'edit'
  | 'advance'
  | 'pause'
  | 'resume'
  | 'restartAgent'
  | 'complete'
  | 'fail'
  | 'reopen'
  | 'cleanup'
  | 'delete'

export const ACTION_LABELS: Readonly<Record<TaskAction, string>> = {
  start: 'Start',
  edit: 'Edit',
  advance: 'Advance',
  pause: 'Pause',
  resume: 'Resume',
  restartAgent: 'Restart agent',
  complete: 'Complete',
  fail: 'Mark failed',
  reopen: 'Reopen',
  cleanup: 'Clean up',
  delete: 'Delete'
}

export interface BoardColumn {
  state: TaskState
  tasks: readonly Task[]
}

/** Every column, in pipeline order, even when empty (a board whose columns come and go is hard to read). */
export function boardColumns(tasks: readonly Task[]): BoardColumn[] {
  return TASK_STATES.map((state) => ({ state, tasks: tasks.filter((task) => task.state === state) }))
}

const LIVE: ReadonlySet<TaskState> = new Set(['running', 'waiting', 'review'])

/** The actions a card offers, in the order it shows them (the first is the main one). */
export function cardActions(task: Task): TaskAction[] {
  const { state, paused } = task
  const actions: TaskAction[] = []
  if (state === 'backlog') actions.push('start', 'edit')
  if (state === 'waiting' && !paused) actions.push('advance')
  if (state === 'review' || state === 'waiting') actions.push('complete')
  if (LIVE.has(state)) {
    if (paused) actions.push('resume')
    else if (!task.pausePending) actions.push('pause')
    if (task.paneId) actions.push('restartAgent')
    actions.push('fail')
  }
  // A failed task keeps its worktree until cleaned up, and can go on; one without can be edited and started again.
  if (state === 'failed') actions.push(task.worktree ? 'reopen' : 'edit')
  if ((state === 'done' || state === 'failed') && task.worktree) actions.push('cleanup')
  actions.push('delete')
  return actions
}

/** The enabled stages after the current one: what Advance moves to (none: the task goes to review). */
export function nextStage(task: Task): Task['stages'][number] | undefined {
  const from = task.stageIndex ?? -1
  return task.stages.find((choice, index) => index > from && choice.enabled)
}

/** "Plan → Build → Test": the stages a task runs. */
export function stagePath(task: Pick<Task, 'stages'>): string {
  return task.stages
    .filter((choice) => choice.enabled)
    .map((choice) => STAGE_LABELS[choice.stage])
    .join(' → ')
}

/** The card's stage line: the current stage and the model it runs on, or the path ahead before the start. */
export function stageLine(task: Task): string {
  if (!task.stage) return stagePath(task)
  const model = task.stageModel ? ` · ${task.stageModel}` : ''
  return `${STAGE_LABELS[task.stage]}${model}`
}

/** Why Advance is offered, for its tooltip. */
export function advanceHint(task: Task): string {
  const next = nextStage(task)
  return next ? `Run the next stage: ${STAGE_LABELS[next.stage]}` : 'Every stage ran: move the task to review'
}

/** "$0.42", "price unknown": a task's cost so far; none before its first request. */
export function taskCostText(cost: TaskCost | undefined): string | undefined {
  if (!cost || totalTokens(cost.tokens) === 0) return undefined
  return costText(cost.cost, cost.unpricedModels, cost.cost === 0 && cost.unpricedModels.length > 0).full
}

/** "1.2k tokens". */
export const tokensText = (cost: TaskCost): string => `${formatTokens(totalTokens(cost.tokens))} tokens`

/** "950 B", "12 KB", "3.4 MB", "26 GB": a worktree's size on disk. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  return `${value.toFixed(digits)} ${units[unit]}`
}

/** "3 files changed", "1 file changed"; nothing before it was counted. */
export function changedText(count: number | undefined): string | undefined {
  if (count === undefined) return undefined
  return count === 1 ? '1 file changed' : `${count} files changed`
}
