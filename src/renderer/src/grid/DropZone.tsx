import { useState } from 'react'
import { useAppState, useWorkbench } from '../state/context'
import { dropTargetAt, PANE_DRAG_TYPE, type DropTarget } from './drop-target'

/**
 * Covers a pane while another pane is dragged: shows where it would land (an edge,
 * or the middle to swap) and asks the host to move it there on drop.
 */
export function DropZone({ paneId }: { paneId: string }): React.JSX.Element | null {
  const workbench = useWorkbench()
  const dragging = useAppState((s) => s.draggingPaneId)
  const [target, setTarget] = useState<DropTarget | null>(null)
  if (!dragging || dragging === paneId) return null

  const locate = (event: React.DragEvent<HTMLDivElement>): DropTarget => {
    const rect = event.currentTarget.getBoundingClientRect()
    return dropTargetAt(event.clientX - rect.left, event.clientY - rect.top, rect.width, rect.height)
  }

  return (
    <div
      className="drop-zone"
      data-drop={target ?? undefined}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(PANE_DRAG_TYPE)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        setTarget(locate(event))
      }}
      onDragLeave={() => setTarget(null)}
      onDrop={(event) => {
        event.preventDefault()
        const moved = event.dataTransfer.getData(PANE_DRAG_TYPE)
        setTarget(null)
        if (moved) workbench.dropPane(moved, paneId, locate(event))
      }}
    >
      <span className="drop-hint" aria-hidden="true" />
    </div>
  )
}
