import type { PaneStatus } from '../../src/shared/status'
import type { Host } from '../../src/main/host'
import { createConditionWaiter } from './condition-waiter.ts'

export interface StatusEntry {
  status: PaneStatus
  /** When the test saw it (ms). */
  at: number
}

/** Every pane.status a host emits, per pane, with an event-driven wait on them. */
export class StatusRecorder {
  private readonly history = new Map<string, StatusEntry[]>()
  private readonly waiter = createConditionWaiter()
  private readonly unsubscribe: () => void

  constructor(host: Host) {
    this.unsubscribe = host.events.subscribe((name, payload) => {
      if (name !== 'pane.status') return
      const { paneId, status } = payload as { paneId: string; status: PaneStatus }
      this.entries(paneId).push({ status, at: Date.now() })
      this.waiter.notify()
    })
  }

  entries(paneId: string): StatusEntry[] {
    let list = this.history.get(paneId)
    if (!list) this.history.set(paneId, (list = []))
    return list
  }

  states(paneId: string): string[] {
    return this.entries(paneId).map((entry) => entry.status.state)
  }

  current(paneId: string): PaneStatus | undefined {
    return this.entries(paneId).at(-1)?.status
  }

  /** Resolves with the first entry after index `from` that matches. */
  async next(paneId: string, match: (status: PaneStatus) => boolean, from = this.entries(paneId).length): Promise<StatusEntry> {
    let found: StatusEntry | undefined
    await this.waiter.until(() => {
      found = this.entries(paneId).slice(from).find((entry) => match(entry.status))
      return found !== undefined
    })
    return found as StatusEntry
  }

  dispose(): void {
    this.unsubscribe()
  }
}
