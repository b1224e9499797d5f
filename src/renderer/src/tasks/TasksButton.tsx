import { shortcutOf } from '../keymap'
import { useAppState, useWorkbench } from '../state/context'
import { toggledTaskView } from './task-view'

/** The toolbar's switch for the task board; it counts the tasks that wait for the user. */
export function TasksButton(): React.JSX.Element {
  const workbench = useWorkbench()
  const view = useAppState((s) => s.taskView)
  const waiting = useAppState((s) => s.tasks.filter((task) => task.state === 'waiting' || task.state === 'review').length)
  const shown = view !== 'hidden'
  const label = `${shown ? 'Hide' : 'Show'} the task board (${shortcutOf('toggleTasks')})${waiting ? `: ${waiting} waiting for you` : ''}`
  return (
    <button
      type="button"
      className="button tasks-button"
      aria-pressed={shown}
      aria-label="Task board"
      title={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => workbench.setTaskView(toggledTaskView(view))}
    >
      Tasks
      {waiting > 0 && <span className="tasks-button-count">{waiting}</span>}
    </button>
  )
}
