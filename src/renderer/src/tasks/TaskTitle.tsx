import { STAGE_LABELS, type PaneTask } from '../../../shared/tasks'
import './tasks.css'

/** "Task: Fix login\nStage: Build\n/worktree": a task pane's title tooltip. */
export function taskTitleTooltip(task: PaneTask, cwd: string): string {
  return [`Task: ${task.title}`, ...(task.stage ? [`Stage: ${STAGE_LABELS[task.stage]}`] : []), cwd].join('\n')
}

/** What a task pane's header title reads: its stage, then the task's title. */
export function TaskTitle({ task }: { task: PaneTask }): React.JSX.Element {
  return (
    <>
      {task.stage && (
        <span className="pane-task-stage" data-stage={task.stage}>
          {STAGE_LABELS[task.stage]}
        </span>
      )}
      {task.title}
    </>
  )
}
