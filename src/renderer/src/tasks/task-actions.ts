import type { Edge } from '../../../shared/layout'
import type { Task } from '../../../shared/tasks'
import type { Workbench } from '../state/workbench'
import type { TaskAction } from './task-board'

// What a card's buttons do: each asks the host and mirrors its answer; a refusal
// (the worktree is gone, a stage already running…) shows as the notice banner.

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The host's answer replaces the task in the store at once; tasks.changed follows with the same. */
function mirror(workbench: Workbench, task: Task): void {
  workbench.store.update((s) => ({ tasks: s.tasks.map((old) => (old.id === task.id ? task : old)), notice: null }))
}

/** Beside the focused pane along its longer side, half its cells: as a new pane from the toolbar goes. */
function placement(workbench: Workbench): { beside?: { paneId: string; edge: Edge }; cols?: number; rows?: number } {
  const { focusedId } = workbench.store.get()
  const controller = workbench.registry.peek(focusedId)
  if (!focusedId || !controller) return {}
  const element = controller.element
  const edge: Edge = element.clientHeight > element.clientWidth ? 'bottom' : 'right'
  const size = controller.size
  const sideways = edge === 'right'
  return {
    beside: { paneId: focusedId, edge },
    cols: Math.max(2, sideways ? Math.floor(size.cols / 2) : size.cols),
    rows: Math.max(1, sideways ? size.rows : Math.floor(size.rows / 2))
  }
}

/** Asks the host for one action; rejects with its reason. */
export async function performTaskAction(workbench: Workbench, task: Task, action: Exclude<TaskAction, 'edit' | 'delete'>): Promise<void> {
  const { client } = workbench
  const taskId = task.id
  const calls = {
    start: () => client.call('tasks.start', { taskId, ...placement(workbench) }),
    advance: () => client.call('tasks.advance', { taskId }),
    pause: () => client.call('tasks.pause', { taskId }),
    resume: () => client.call('tasks.resume', { taskId }),
    restartAgent: () => client.call('tasks.restartAgent', { taskId }),
    complete: () => client.call('tasks.complete', { taskId }),
    fail: () => client.call('tasks.fail', { taskId }),
    reopen: () => client.call('tasks.reopen', { taskId }),
    cleanup: () => client.call('tasks.cleanup', { taskId })
  }
  const updated = await calls[action]()
  mirror(workbench, updated)
  // A started task's pane takes the keyboard, unless the board fills the window (the user stays on it).
  if (action === 'start' && updated.paneId && workbench.store.get().taskView !== 'board') workbench.focusPane(updated.paneId)
}

/** A card's button: dialogs for edit and delete, the host for the rest (a refusal shows as the notice). */
export function runTaskAction(workbench: Workbench, task: Task, action: TaskAction): void {
  if (action === 'edit' || action === 'delete') {
    workbench.store.update({ taskFor: task.id })
    workbench.setOverlay(action === 'edit' ? 'newTask' : 'deleteTask')
    return
  }
  performTaskAction(workbench, task, action).catch((error: unknown) => workbench.notify(`${task.title}: ${errorText(error)}`))
}

/** Clicking a card: its pane gets the focus (and the grid comes back if the board filled the window). */
export function focusTaskPane(workbench: Workbench, task: Task): void {
  const paneId = task.paneId
  if (!paneId || !workbench.store.get().panes[paneId]) return
  if (workbench.store.get().taskView === 'board') workbench.setTaskView('panel')
  workbench.moveTo(paneId)
}

export function openTaskDetail(workbench: Workbench, taskId: string): void {
  workbench.store.update({ taskFor: taskId })
  workbench.setOverlay('task')
}

export function openNewTask(workbench: Workbench): void {
  workbench.store.update({ taskFor: null })
  workbench.setOverlay('newTask')
}
