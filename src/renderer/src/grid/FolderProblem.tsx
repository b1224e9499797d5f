import type { PaneInfo } from '../../../shared/bridge'
import { useWorkbench } from '../state/context'

/** Over a pane whose folder is gone: what that means, and a way to start it in another folder. */
export function FolderProblem({ pane }: { pane: PaneInfo }): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <div className="pane-error pane-folder-problem" role="alert">
      <strong>{pane.folderProblem}</strong>
      <span>{pane.exit || pane.error ? 'It cannot start there again.' : 'Restarting, splitting or switching its model cannot start there.'}</span>
      <button type="button" className="button" onClick={() => workbench.chooseFolderFor(pane.id)}>
        Choose another folder…
      </button>
    </div>
  )
}
