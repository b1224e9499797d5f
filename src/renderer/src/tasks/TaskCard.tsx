import { memo } from 'react'
import type { Task } from '../../../shared/tasks'
import { Popover } from '../components/Popover'
import { StatusBadge } from '../grid/StatusBadge'
import { useAppState, useWorkbench } from '../state/context'
import { focusTaskPane, openTaskDetail, runTaskAction } from './task-actions'
import { ACTION_LABELS, advanceHint, cardActions, changedText, formatBytes, stageLine, taskCostText, tokensText, type TaskAction } from './task-board'

/** The actions that move a task on: drawn as primary buttons. */
const MAIN: ReadonlySet<TaskAction> = new Set(['start', 'advance', 'complete', 'resume', 'reopen', 'cleanup'])

const ACTION_HINTS: Partial<Record<TaskAction, string>> = {
  start: 'Create the worktree and branch, open the agent pane and send the first stage',
  pause: 'Stop the agent between turns; the worktree and branch stay',
  resume: 'Start the agent again, resuming its conversation',
  restartAgent: 'Restart the agent, resuming its conversation; the task and worktree stay as they are',
  complete: 'Mark the task done; its branch is left as it is',
  fail: 'Mark the task failed; its worktree and branch stay until you clean up or delete',
  reopen: 'Take the task up again: it waits for you, and Advance runs the stage that did not finish',
  cleanup: 'Remove the worktree to free its disk space; the branch stays',
  delete: 'Delete the task (asks first)',
  edit: 'Change the task before it starts'
}

function ActionButton({ task, action, onDone }: { task: Task; action: TaskAction; onDone?: () => void }): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <button
      type="button"
      className={`text-button${MAIN.has(action) ? ' main' : ''}${action === 'delete' || action === 'fail' ? ' danger' : ''}`}
      title={action === 'advance' ? advanceHint(task) : ACTION_HINTS[action]}
      onClick={() => (onDone?.(), runTaskAction(workbench, task, action))}
    >
      {ACTION_LABELS[action]}
    </button>
  )
}

/** The actions that move the task on, Details, and the rest behind "More" (a card stays short on a busy board). */
function CardActions({ task }: { task: Task }): React.JSX.Element {
  const workbench = useWorkbench()
  const actions = cardActions(task)
  const main = actions.filter((action) => MAIN.has(action))
  const more = actions.filter((action) => !MAIN.has(action))
  return (
    <div className="task-card-actions">
      {main.map((action) => (
        <ActionButton key={action} task={task} action={action} />
      ))}
      <button type="button" className="text-button" title="Stages, cost per stage and model, and the changes" onClick={() => openTaskDetail(workbench, task.id)}>
        Details
      </button>
      {more.length > 0 && (
        <Popover label={`More actions for ${task.title}`} button="More…" className="task-more">
          {(close) => (
            <div className="task-more-list">
              {more.map((action) => (
                <ActionButton key={action} task={task} action={action} onDone={close} />
              ))}
            </div>
          )}
        </Popover>
      )}
    </div>
  )
}

/** The pane's own status badge, as the grid shows it. */
function PaneStatus({ paneId }: { paneId: string | undefined }): React.JSX.Element | null {
  const status = useAppState((s) => (paneId ? s.panes[paneId]?.status : undefined))
  return status ? <StatusBadge status={status} /> : null
}

/**
 * One task on the board: its title, stage and model, the pane's status, what it cost,
 * its branch, changed files and disk use, and what can be done with it. A click on
 * the card (not a button) puts the keyboard in the task's pane.
 */
export const TaskCard = memo(function TaskCard({ task }: { task: Task }): React.JSX.Element {
  const workbench = useWorkbench()
  const hasPane = useAppState((s) => Boolean(task.paneId && s.panes[task.paneId]))
  const cost = taskCostText(task.cost)
  const changed = changedText(task.changedFiles)
  const goToPane = (): void => focusTaskPane(workbench, task)

  return (
    <article
      className="task-card"
      data-task-id={task.id}
      data-state={task.state}
      data-paused={task.paused ? '' : undefined}
      aria-label={`Task ${task.title}`}
      onClick={(event) => !(event.target as HTMLElement).closest('button') && hasPane && goToPane()}
    >
      <header className="task-card-head">
        <button type="button" className="task-card-title" title={hasPane ? `${task.title}\nGo to its pane` : task.title} disabled={!hasPane} onClick={goToPane}>
          {task.title}
        </button>
        {task.paused && <span className="task-chip">paused</span>}
        {!task.paused && task.pausePending && <span className="task-chip">pausing after this turn</span>}
      </header>
      <div className="task-card-stage" data-testid="task-stage">
        {stageLine(task)}
      </div>
      <div className="task-card-meta">
        <PaneStatus paneId={task.paneId} />
        {cost && task.cost && (
          <span className="task-cost" title={tokensText(task.cost)}>
            {cost}
          </span>
        )}
        {/* The branch exists once the task started (a task failed before its start never made one). */}
        {task.baseCommit && (
          <span className="task-branch" title={`Branch ${task.branch}`}>
            {task.branch}
          </span>
        )}
        {changed && <span className="task-changed">{changed}</span>}
        {task.diskBytes !== undefined && task.worktree && (
          <span className="task-disk" title={`The worktree takes ${formatBytes(task.diskBytes)} on disk\n${task.worktree}`}>
            {formatBytes(task.diskBytes)} on disk
          </span>
        )}
      </div>
      {task.failure && (
        <p className="task-failure" role={task.state === 'failed' ? undefined : 'alert'} title={task.failure}>
          {task.failure}
        </p>
      )}
      <CardActions task={task} />
    </article>
  )
})
