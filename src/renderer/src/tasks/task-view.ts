// Where this client shows the task board. Per device, like the theme: remembered in
// localStorage, so a reload keeps the board where the user left it.

export type TaskView = 'hidden' | 'panel' | 'board'

const KEY = 'tessera.taskView'
const VIEWS: readonly TaskView[] = ['hidden', 'panel', 'board']

export function loadTaskView(): TaskView {
  try {
    const saved = localStorage.getItem(KEY)
    return VIEWS.find((view) => view === saved) ?? 'hidden'
  } catch {
    // No storage (disabled, or not a page at all): the board starts hidden.
    return 'hidden'
  }
}

export function saveTaskView(view: TaskView): void {
  try {
    localStorage.setItem(KEY, view)
  } catch {
    // Storage full or disabled: the choice still holds for this session.
  }
}

/** The toolbar button and hotkey: show the panel, or hide the board from either view. */
export const toggledTaskView = (view: TaskView): TaskView => (view === 'hidden' ? 'panel' : 'hidden')
