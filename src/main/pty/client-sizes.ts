import { policySize, type CellSize, type WindowSizePolicy } from './size-policy'

/**
 * Which client shows which pane at what size, and the size each pane gets from that
 * under the policy. A client counts for a pane from its first report until it releases
 * the pane (no longer shows it) or leaves (its connection or window went away).
 */
export class ClientSizes {
  /** Pane id → client id → size, each map in report order (a new report moves to the end). */
  private readonly panes = new Map<string, Map<string, CellSize>>()

  constructor(private readonly policy: WindowSizePolicy) {}

  /** The client shows the pane at this size; returns the pane's size under the policy. */
  report(paneId: string, clientId: string, size: CellSize): CellSize | undefined {
    let clients = this.panes.get(paneId)
    if (!clients) this.panes.set(paneId, (clients = new Map()))
    clients.delete(clientId)
    clients.set(clientId, { cols: size.cols, rows: size.rows })
    return this.sizeOf(paneId)
  }

  /** The client no longer shows the pane; returns the pane's size over the clients left, if any. */
  release(paneId: string, clientId: string): CellSize | undefined {
    this.panes.get(paneId)?.delete(clientId)
    return this.sizeOf(paneId)
  }

  /** The client went away; returns each pane it showed that other clients still show, with its new size. */
  leave(clientId: string): { paneId: string; size: CellSize }[] {
    const resized: { paneId: string; size: CellSize }[] = []
    for (const [paneId, clients] of this.panes) {
      if (!clients.delete(clientId)) continue
      const size = this.sizeOf(paneId)
      if (size) resized.push({ paneId, size })
    }
    return resized
  }

  /** The pane is gone. */
  forget(paneId: string): void {
    this.panes.delete(paneId)
  }

  private sizeOf(paneId: string): CellSize | undefined {
    return policySize(this.policy, [...(this.panes.get(paneId)?.values() ?? [])])
  }
}
