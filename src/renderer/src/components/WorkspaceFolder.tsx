import { useAppState, useWorkbench } from '../state/context'
import './folders.css'

/** The toolbar's workspace folder: where new panes start; a click chooses another. */
export function WorkspaceFolder(): React.JSX.Element | null {
  const workbench = useWorkbench()
  const folder = useAppState((s) => s.folders.workspace)
  if (!folder) return null
  return (
    <button
      type="button"
      className="button workspace-folder"
      aria-label={`Workspace folder ${folder}`}
      title={`Workspace folder: ${folder}\nNew panes start here. Click to choose another.`}
      onClick={() => workbench.chooseFolderFor(null)}
    >
      {folder.split('/').filter(Boolean).pop() ?? folder}
    </button>
  )
}
