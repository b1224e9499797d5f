import { useMemo } from 'react'
import { TASK_STATE_LABELS } from '../../../shared/tasks'
import { CloseIcon, PlusIcon } from '../components/Icons'
import { shortcutOf } from '../keymap'
import { useAppState, useWorkbench } from '../state/context'
import { openNewTask } from './task-actions'
import { boardColumns } from './task-board'
import { TaskCard } from './TaskCard'
import './tasks.css'

/** Two overlapping squares: the board as a panel or full width. */
function WidenIcon({ wide }: { wide: boolean }): React.JSX.Element {
  return (
    <svg width={16} height={16} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" aria-hidden="true" focusable="false">
      <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
      <path d={wide ? 'M10 2.5v11' : 'M6 6 3.5 8 6 10M10 6l2.5 2L10 10'} />
    </svg>
  )
}

function Columns(): React.JSX.Element {
  const tasks = useAppState((s) => s.tasks)
  const columns = useMemo(() => boardColumns(tasks), [tasks])
  return (
    <div className="task-columns">
      {columns.map((column) => (
        <section key={column.state} className="task-column" data-column={column.state} aria-label={TASK_STATE_LABELS[column.state]}>
          <h3 className="task-column-title">
            {TASK_STATE_LABELS[column.state]}
            <span className="task-column-count">{column.tasks.length}</span>
          </h3>
          <div className="task-column-cards">
            {column.tasks.map((task) => (
              <TaskCard key={task.id} task={task} />
            ))}
          </div>
        </section>
      ))}
    </div>
  )
}

/**
 * The task board: columns backlog → failed, a card per task. Beside the grid as a
 * panel, or full width as a view of its own (the grid's terminals stay alive meanwhile).
 */
export function TaskBoard(): React.JSX.Element {
  const workbench = useWorkbench()
  const view = useAppState((s) => s.taskView)
  const count = useAppState((s) => s.tasks.length)
  const wide = view === 'board'
  return (
    <aside className="task-board" data-view={view} aria-label="Task board">
      <header className="task-board-head">
        <h2>Tasks</h2>
        <span className="task-column-count">{count}</span>
        <span className="toolbar-spacer" />
        <button type="button" className="button primary" onClick={() => openNewTask(workbench)}>
          <PlusIcon /> New task
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={wide ? 'Show the board beside the panes' : 'Show the board full width'}
          title={wide ? 'Show the board beside the panes' : 'Show the board full width'}
          onClick={() => workbench.setTaskView(wide ? 'panel' : 'board')}
        >
          <WidenIcon wide={wide} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Hide the task board"
          title={`Hide the task board (${shortcutOf('toggleTasks')})`}
          onClick={() => workbench.setTaskView('hidden')}
        >
          <CloseIcon />
        </button>
      </header>
      <Columns />
    </aside>
  )
}
