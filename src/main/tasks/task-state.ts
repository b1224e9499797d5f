import type { TaskState } from '../../shared/tasks'

// The task state machine, pure: which actions are legal in which state, and where they lead.
// The service performs the side effects (git, panes) only after a transition was allowed.

export type TaskEvent =
  | { type: 'start' }
  /** The current stage's turn ended: `ok` (Stop) or not (StopFailure, or the prompt never got in); `next`: an enabled stage follows. */
  | { type: 'stageEnded'; ok: boolean; next: boolean; autoAdvance: boolean }
  | { type: 'advance'; next: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'restartAgent' }
  | { type: 'fail' }
  /** A failed task goes back to waiting (its worktree still there). */
  | { type: 'reopen' }
  | { type: 'complete' }
  | { type: 'update' }
  | { type: 'cleanup' }
  /** The worktree was found deleted (by hand) while the task was active. */
  | { type: 'worktreeGone' }

export type TaskAction = TaskEvent['type']

export interface TaskPosition {
  state: TaskState
  paused: boolean
}

/** An action the task's state does not allow; the message says why, for the user. */
export class TaskTransitionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TaskTransitionError'
  }
}

/** Where each action may start from. */
export const LEGAL_FROM: Readonly<Record<TaskAction, readonly TaskState[]>> = {
  start: ['backlog'],
  stageEnded: ['running'],
  advance: ['waiting'],
  pause: ['running', 'waiting', 'review'],
  resume: ['running', 'waiting', 'review'],
  restartAgent: ['running', 'waiting', 'review'],
  fail: ['backlog', 'running', 'waiting', 'review'],
  reopen: ['failed'],
  complete: ['waiting', 'review'],
  update: ['backlog', 'failed'],
  cleanup: ['done', 'failed'],
  worktreeGone: ['running', 'waiting', 'review']
}

const VERBS: Readonly<Record<TaskAction, string>> = {
  start: 'start',
  stageEnded: 'end the stage of',
  advance: 'advance',
  pause: 'pause',
  resume: 'resume',
  restartAgent: 'restart the agent of',
  fail: 'mark failed',
  reopen: 'reopen',
  complete: 'complete',
  update: 'edit',
  cleanup: 'clean up',
  worktreeGone: 'lose the worktree of'
}

/** The position after `event`; throws TaskTransitionError when the event is not legal from `from`. */
export function transition(from: TaskPosition, event: TaskEvent): TaskPosition {
  if (!LEGAL_FROM[event.type].includes(from.state)) {
    throw new TaskTransitionError(`Cannot ${VERBS[event.type]} a task that is ${describe(from.state)}${hint(event.type, from.state)}`)
  }
  switch (event.type) {
    case 'start':
      return { state: 'running', paused: false }
    case 'stageEnded':
      // The last stage done: review. Otherwise wait for the user unless the task advances by itself (never while paused or after a failed turn).
      if (event.ok && !event.next) return { state: 'review', paused: from.paused }
      return { state: event.ok && event.autoAdvance && !from.paused ? 'running' : 'waiting', paused: from.paused }
    case 'advance':
      if (from.paused) throw new TaskTransitionError('Cannot advance a paused task: resume it first')
      return { state: event.next ? 'running' : 'review', paused: false }
    case 'pause':
      if (from.paused) throw new TaskTransitionError('The task is paused already')
      return { ...from, paused: true }
    case 'resume':
      if (!from.paused) throw new TaskTransitionError('The task is not paused')
      return { ...from, paused: false }
    case 'restartAgent':
      return { ...from, paused: false }
    case 'fail':
    case 'worktreeGone':
      return { state: 'failed', paused: false }
    case 'complete':
      return { state: 'done', paused: false }
    case 'reopen':
      return { state: 'waiting', paused: false }
    case 'update':
    case 'cleanup':
      return from
  }
}

/** Whether `event` is legal from `from` (transition would not throw). */
export function isLegal(from: TaskPosition, event: TaskEvent): boolean {
  try {
    transition(from, event)
    return true
  } catch (error) {
    if (error instanceof TaskTransitionError) return false
    throw error
  }
}

function describe(state: TaskState): string {
  return state === 'backlog' ? 'in the backlog' : state === 'waiting' ? 'waiting for you' : state === 'review' ? 'in review' : state
}

function hint(action: TaskAction, state: TaskState): string {
  if (action === 'advance' && state === 'running') return ': wait for its stage to end'
  if (action === 'update' && state !== 'done') return ': only tasks in the backlog or failed can be edited'
  if (action === 'cleanup') return ': only done or failed tasks are cleaned up'
  return ''
}
