import type { PaneInfo } from '../../../shared/bridge'
import { CloseIcon, RestartIcon, SplitDownIcon, SplitRightIcon, UnzoomIcon, ZoomIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import { PANE_DRAG_TYPE } from './drop-target'
import { IconButton } from './IconButton'
import { ModelPicker } from './ModelPicker'
import { StatusBadge } from './StatusBadge'
import { basename, paneTitle } from './pane-title'

export function PaneHeader({ paneId, pane }: { paneId: string; pane: PaneInfo | undefined }): React.JSX.Element {
  const workbench = useWorkbench()
  const oscTitle = useAppState((s) => s.titles[paneId])
  const agents = useAppState((s) => s.agents)
  const zoomed = useAppState((s) => s.layout.zoomed === paneId)
  const title = paneTitle(pane, oscTitle, agents)

  return (
    <header
      className="pane-header"
      // A click on the header (not its buttons) puts the keyboard in this pane.
      onMouseDown={(event) => {
        const target = event.target as HTMLElement
        if (target.closest('button')) return
        // Not on the grip: a prevented mousedown would also prevent the drag.
        if (!target.closest('.pane-grip')) event.preventDefault()
        workbench.focusPane(paneId)
      }}
    >
      <span
        className="pane-grip"
        draggable
        title="Drag onto another pane to move this one beside it (or onto its middle to swap)"
        onDragStart={(event) => {
          event.dataTransfer.setData(PANE_DRAG_TYPE, paneId)
          event.dataTransfer.effectAllowed = 'move'
          workbench.setDragging(paneId)
        }}
        onDragEnd={() => workbench.setDragging(null)}
        // The grip's mousedown is left alone (it starts drags), so the keyboard returns to the terminal on click.
        onClick={() => workbench.focusPane(paneId)}
      >
        <span className="pane-kind" data-kind={pane?.kind ?? 'shell'} aria-hidden="true" />
        <span className="pane-title" title={pane ? `${title}\n${pane.cwd}` : title}>
          {title}
        </span>
      </span>
      {oscTitle && pane && <span className="pane-cwd">{basename(pane.cwd)}</span>}
      {pane && <ModelPicker pane={pane} />}
      {pane?.status && <StatusBadge status={pane.status} />}
      {pane?.skipping && (
        <span
          className="pane-badge skipping"
          role="status"
          title="This pane prints faster than the page can draw: you see its newest screen, and its scrollback once it stops"
        >
          Skipping ahead
        </span>
      )}
      {/* Cost goes here (a later issue fills this slot). */}
      <span className="pane-meta" data-pane-meta="" />
      <PaneState paneId={paneId} pane={pane} />
      <span className="pane-actions">
        <IconButton label="Split right" command="splitRight" onClick={() => workbench.split('right', paneId)}>
          <SplitRightIcon />
        </IconButton>
        <IconButton label="Split down" command="splitDown" onClick={() => workbench.split('bottom', paneId)}>
          <SplitDownIcon />
        </IconButton>
        <IconButton
          label={zoomed ? 'Unzoom pane' : 'Zoom pane'}
          command="toggleZoom"
          pressed={zoomed}
          onClick={() => workbench.toggleZoom(paneId)}
        >
          {zoomed ? <UnzoomIcon /> : <ZoomIcon />}
        </IconButton>
        <IconButton label="Close pane" command="closePane" className="danger" onClick={() => workbench.close(paneId)}>
          <CloseIcon />
        </IconButton>
      </span>
    </header>
  )
}

/** Exit code and Restart once the process ended; a short badge when it never started. */
function PaneState({ paneId, pane }: { paneId: string; pane: PaneInfo | undefined }): React.JSX.Element | null {
  const workbench = useWorkbench()
  if (pane?.error) return <span className="pane-badge failed">Failed to start</span>
  if (!pane?.exit) return null
  const { exitCode, signal } = pane.exit
  return (
    <>
      <span className={`pane-badge ${exitCode === 0 ? 'exited' : 'failed'}`} role="status">
        Exited with code {exitCode}
        {signal ? ` (signal ${signal})` : ''}
      </span>
      <button
        type="button"
        className="text-button"
        aria-label="Restart pane"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => workbench.restart(paneId)}
      >
        <RestartIcon /> Restart
      </button>
    </>
  )
}
