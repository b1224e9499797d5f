/** How long restored programs wait for a client to draw their saved screens when none does. */
export const FIRST_VIEW_WAIT_MS = 2_000

/**
 * Holds restored programs back until the first client has drawn every restored pane's saved
 * screen (pane.shown), or FIRST_VIEW_WAIT_MS when none does: a dozen agents starting at once take
 * every core, and the old screens would show seconds late.
 */
export class FirstView {
  private pending = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private open: () => void = () => undefined

  /** Resolves once `paneIds` were all shown, or after `waitMs`. */
  wait(paneIds: readonly string[], waitMs = FIRST_VIEW_WAIT_MS): Promise<void> {
    return new Promise((resolve) => {
      this.pending = new Set(paneIds)
      this.open = () => {
        this.stop()
        resolve()
      }
      if (this.pending.size === 0) return this.open()
      this.timer = setTimeout(() => this.open(), waitMs)
    })
  }

  /** A client drew the pane's saved screen. */
  shown(paneId: string): void {
    if (this.pending.delete(paneId) && this.pending.size === 0) this.open()
  }

  /** The host is stopping: nothing starts any more. */
  dispose(): void {
    this.stop()
  }

  private stop(): void {
    clearTimeout(this.timer)
    this.pending.clear()
    this.open = () => undefined
  }
}
