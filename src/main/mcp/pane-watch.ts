import type { McpHost } from './mcp-host'
import { paneView, viewFingerprint } from './pane-view'

export interface PaneWatchListener {
  /** What get_pane shows of the pane changed (its status, model, cost…). */
  changed(paneId: string): void
  /** A pane was created or closed. */
  listChanged(): void
}

/**
 * Turns the host's events into what MCP clients subscribe to: a change of a pane's view
 * (not every event: the age of its status alone is no news) and of the set of panes.
 */
export class PaneWatch {
  private readonly listeners = new Set<PaneWatchListener>()
  private fingerprints = new Map<string, string>()
  private readonly stop: () => void

  constructor(private readonly host: McpHost) {
    this.fingerprints = this.current()
    this.stop = host.events.subscribe((name) => {
      if (name === 'panes.changed' || name === 'pane.status' || name === 'pane.exit') this.check()
    })
  }

  subscribe(listener: PaneWatchListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.stop()
    this.listeners.clear()
  }

  private check(): void {
    const next = this.current()
    const before = this.fingerprints
    this.fingerprints = next
    const sameSet = next.size === before.size && [...next.keys()].every((id) => before.has(id))
    for (const [paneId, fingerprint] of next) {
      if (before.get(paneId) !== fingerprint) for (const listener of this.listeners) listener.changed(paneId)
    }
    if (!sameSet) for (const listener of this.listeners) listener.listChanged()
  }

  private current(): Map<string, string> {
    return new Map(this.host.panes.list().map((info) => [info.id, viewFingerprint(paneView(info, 0))]))
  }
}
