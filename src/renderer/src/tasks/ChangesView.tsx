import { lazy, Suspense, useState } from 'react'
import type { OutputFormatType } from 'diff2html/lib-esm/types'
import type { Task, TaskChanges } from '../../../shared/tasks'
import { useAppState, useWorkbench } from '../state/context'
import { lineCounts, statusLetter } from './task-detail'
import { useTaskQuery } from './use-task-query'

// diff2html and its styles come with the first changes view, not with the app.
const DiffView = lazy(() => import('./DiffView'))

function FileList({ changes }: { changes: TaskChanges }): React.JSX.Element {
  if (changes.files.length === 0) return <p className="settings-hint">No files changed against the base yet.</p>
  return (
    <ul className="task-files" aria-label="Changed files">
      {changes.files.map((file) => (
        <li key={file.path} className="task-file" data-status={file.status}>
          <span className="task-file-status" title={file.status}>
            {statusLetter(file.status)}
          </span>
          <span className="task-file-path" title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}>
            {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
          </span>
          <span className="task-file-lines">{lineCounts(file)}</span>
        </li>
      ))}
    </ul>
  )
}

/**
 * Files changed in the task's worktree against its base commit (committed, uncommitted and
 * new), and their diff side by side or inline. It asks again as the agent works.
 */
export function ChangesView({ task }: { task: Task }): React.JSX.Element {
  const { client } = useWorkbench()
  const theme = useAppState((s) => s.view.theme)
  const [layout, setLayout] = useState<OutputFormatType>('side-by-side')
  const { value: changes, problem, refresh } = useTaskQuery(task.id, task.paneId, () => client.call('tasks.changes', { taskId: task.id }))

  if (!task.worktree && !changes) return <p className="settings-hint">{task.state === 'backlog' ? 'The task has not started: there is no worktree yet.' : 'The worktree was removed.'}</p>
  return (
    <div className="task-changes">
      <div className="task-changes-bar">
        <span className="settings-hint">
          {changes ? `${changes.files.length} ${changes.files.length === 1 ? 'file' : 'files'} against ${changes.base.slice(0, 10)}` : 'Reading the changes…'}
        </span>
        <span className="toolbar-spacer" />
        <div className="task-segmented" role="group" aria-label="Diff layout">
          <button type="button" className="text-button" aria-pressed={layout === 'side-by-side'} onClick={() => setLayout('side-by-side')}>
            Side by side
          </button>
          <button type="button" className="text-button" aria-pressed={layout === 'line-by-line'} onClick={() => setLayout('line-by-line')}>
            Inline
          </button>
        </div>
        <button type="button" className="text-button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {problem && (
        <p className="settings-field-error" role="alert">
          {problem}
        </p>
      )}
      {changes && (
        <>
          <FileList changes={changes} />
          {changes.truncated && <p className="settings-hint">The diff is long: only its beginning is shown.</p>}
          {changes.diff && (
            <Suspense fallback={<p className="settings-hint">Drawing the diff…</p>}>
              <DiffView diff={changes.diff} layout={layout} theme={theme} />
            </Suspense>
          )}
        </>
      )}
    </div>
  )
}
