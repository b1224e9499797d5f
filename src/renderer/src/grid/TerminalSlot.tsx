import { useLayoutEffect, useRef } from 'react'
import { useWorkbench } from '../state/context'

/**
 * Where a pane's terminal shows in the grid. The terminal is not a child of this
 * component: its controller's element is re-parented here on mount and taken
 * back on unmount, so a slot can come and go with tree changes while the xterm
 * instance, its scrollback and its renderer stay alive.
 */
export function TerminalSlot({ paneId }: { paneId: string }): React.JSX.Element {
  const workbench = useWorkbench()
  const slotRef = useRef<HTMLDivElement>(null)

  useLayoutEffect(() => {
    const slot = slotRef.current
    if (!slot) return
    const controller = workbench.registry.get(paneId)
    controller.mount(slot)
    // Re-parenting drops DOM focus; the focused pane takes it back.
    if (workbench.store.get().focusedId === paneId && !workbench.store.get().overlay) controller.focus()
    return () => controller.unmount(slot)
  }, [paneId, workbench])

  return <div className="terminal-slot" ref={slotRef} />
}
