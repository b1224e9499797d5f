import type { PaneInfo } from '../../../shared/bridge'
import { needsAttention } from '../../../shared/status'
import { RestartIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import { DropZone } from './DropZone'
import { FindBar } from './FindBar'
import { FolderProblem } from './FolderProblem'
import { PaneHeader } from './PaneHeader'
import { RestoredLabel } from './RestoredLabel'
import { paneTitle } from './pane-title'
import { TerminalSlot } from './TerminalSlot'
import { creatorDetail } from './creator-text'
import { useCreator } from './use-creator'

/** One pane: header, the terminal's slot, and the find bar or start error over it. */
export function PaneView({ paneId }: { paneId: string }): React.JSX.Element {
  const workbench = useWorkbench()
  const pane = useAppState((s) => s.panes[paneId])
  const focused = useAppState((s) => s.focusedId === paneId)
  const findOpen = useAppState((s) => s.findPaneId === paneId)
  const oscTitle = useAppState((s) => s.titles[paneId])
  const agents = useAppState((s) => s.agents)
  const closing = useAppState((s) => s.closing[paneId] === true)
  const madeBy = useCreator(pane?.creator)

  return (
    <section
      className="pane"
      data-pane-id={paneId}
      data-focused={focused ? '' : undefined}
      // A pane that needs the user is marked for a border that shows from across the room.
      data-attention={pane?.status && needsAttention(pane.status.state) ? pane.status.state : undefined}
      aria-label={[`Pane ${paneTitle(pane, oscTitle, agents)}`, creatorDetail(madeBy)].filter(Boolean).join(', ')}
      // Focus is this client's: clicking anywhere in a pane makes it the focused one.
      onMouseDown={() => !focused && workbench.store.update({ focusedId: paneId })}
    >
      <PaneHeader paneId={paneId} pane={pane} />
      {/* A restored pane shows its saved screen dimmed until its new process draws. */}
      <div className="pane-body" data-restored={pane?.restored ? '' : undefined}>
        <TerminalSlot paneId={paneId} />
        {pane?.restored && <RestoredLabel restored={pane.restored} />}
        {findOpen && <FindBar paneId={paneId} />}
        {pane?.error && <StartError paneId={paneId} pane={pane} />}
        {pane?.folderProblem && !pane.error && <FolderProblem pane={pane} />}
        <DropZone paneId={paneId} />
        {closing && (
          <div className="pane-closing" role="status">
            Closing…
          </div>
        )}
      </div>
    </section>
  )
}

function StartError({ paneId, pane }: { paneId: string; pane: PaneInfo }): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <div className="pane-error" role="alert">
      <strong>The command could not start.</strong>
      <pre>{pane.error}</pre>
      <button type="button" className="button" onClick={() => workbench.restart(paneId)}>
        <RestartIcon /> Try again
      </button>
    </div>
  )
}
