import { useState } from 'react'
import { useAppState, useWorkbench } from '../state/context'
import { Dialog } from './Dialog'
import { FolderField } from './FolderField'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Chooses a folder: the workspace's (where new panes start), or one to restart a pane in whose folder is gone. */
export function FolderDialog(): React.JSX.Element {
  const workbench = useWorkbench()
  const paneId = useAppState((s) => s.folderFor)
  const workspace = useAppState((s) => s.folders.workspace)
  const [folder, setFolder] = useState(workspace)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const apply = (): void => {
    setBusy(true)
    setProblem(null)
    const work = paneId ? workbench.restartIn(paneId, folder) : workbench.setWorkspaceFolder(folder)
    work.then(
      () => workbench.setOverlay(null),
      (error: unknown) => (setProblem(errorText(error)), setBusy(false))
    )
  }

  return (
    <Dialog title={paneId ? 'Restart the pane in another folder' : 'Workspace folder'} className="folder-dialog" onClose={() => workbench.setOverlay(null)}>
      <FolderField value={folder} onChange={setFolder} onSubmit={apply} problem={problem} autoFocus />
      <p className="dialog-footnote">{paneId ? 'The pane starts again in this folder.' : 'New panes start here unless you choose another folder.'}</p>
      <div className="folder-actions">
        <button type="button" className="button" onClick={() => workbench.setOverlay(null)}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={busy || !folder.trim()} onClick={apply}>
          {paneId ? 'Restart here' : 'Use this folder'}
        </button>
      </div>
    </Dialog>
  )
}
