import type { Terminal } from '@xterm/xterm'

/** The part of xterm.js 6's private Viewport this patch touches. */
interface PrivateViewport {
  _sync(ydisp?: number): void
}

/**
 * xterm.js 6 syncs its scrollbar (scroll height and position, a VS Code scrollable element)
 * synchronously on every line that scrolls the buffer: in a profiled flood, about a sixth
 * of the parse time. xterm.js 3 synced once per animation frame; this restores that:
 * a sync asked for by a scroll (no explicit position) runs once, at the next frame, with
 * the position the buffer has then. Syncs with a position (xterm.js' own queued ones) run
 * as before. Returns false, changing nothing, if the private shape is not what it expects.
 */
export function syncViewportOncePerFrame(term: Terminal): boolean {
  const viewport = (term as unknown as { _core?: { _viewport?: Partial<PrivateViewport> } })._core?._viewport
  if (!viewport || typeof viewport._sync !== 'function') return false
  const syncNow = viewport._sync.bind(viewport)
  let frame = 0
  viewport._sync = (ydisp?: number): void => {
    if (ydisp !== undefined) return syncNow(ydisp)
    frame ||= requestAnimationFrame(() => {
      frame = 0
      syncNow()
    })
  }
  return true
}
