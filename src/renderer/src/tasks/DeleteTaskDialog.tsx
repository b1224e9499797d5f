import { useState } from 'react'
import { Dialog } from '../components/Dialog'
import { useAppState, useWorkbench } from '../state/context'
import { formatBytes } from './task-board'
import './tasks.css'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Asks before a task is deleted; its worktree and branch go only when ticked. */
export function DeleteTaskDialog(): React.JSX.Element {
  const workbench = useWorkbench()
  const task = useAppState((s) => s.tasks.find((entry) => entry.id === s.taskFor))
  const [removeWorktree, setRemoveWorktree] = useState(false)
  const [removeBranch, setRemoveBranch] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const close = (): void => workbench.setOverlay(null)

  if (!task) {
    return (
      <Dialog title="Delete task" className="task-delete" onClose={close}>
        <p className="dialog-footnote">This task is gone already.</p>
      </Dialog>
    )
  }

  // A task that never started has no worktree or branch to remove.
  const started = Boolean(task.baseCommit)
  const remove = (): void => {
    setBusy(true)
    setProblem(null)
    workbench.client.call('tasks.delete', { taskId: task.id, removeWorktree: started && removeWorktree, removeBranch: started && removeBranch }).then(
      () => {
        workbench.store.update((s) => ({ tasks: s.tasks.filter((entry) => entry.id !== task.id) }))
        close()
      },
      (error: unknown) => (setProblem(errorText(error)), setBusy(false))
    )
  }

  const size = task.diskBytes !== undefined ? ` (${formatBytes(task.diskBytes)})` : ''
  return (
    <Dialog title={`Delete “${task.title}”?`} className="task-delete" onClose={close}>
      <div className="task-delete-body">
        <p>{task.paneId ? 'Its agent pane closes.' : 'The task leaves the board.'} Nothing else is removed unless you tick it below.</p>
        {started && (
          <>
            <label className="task-check">
              <input type="checkbox" checked={removeWorktree} disabled={!task.worktree} onChange={(event) => setRemoveWorktree(event.target.checked)} />
              {task.worktree ? (
                <span>
                  Remove the worktree{size}: <span className="task-path">{task.worktree}</span>
                </span>
              ) : (
                'The worktree is already removed'
              )}
            </label>
            <label className="task-check">
              <input type="checkbox" checked={removeBranch} onChange={(event) => setRemoveBranch(event.target.checked)} />
              Remove the branch {task.branch} (its commits are lost unless merged)
            </label>
          </>
        )}
        {problem && (
          <p className="task-form-failure" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="folder-actions">
        <button type="button" className="button" data-autofocus="" onClick={close}>
          Keep it
        </button>
        <button type="button" className="button danger" disabled={busy} onClick={remove}>
          Delete task
        </button>
      </div>
    </Dialog>
  )
}
