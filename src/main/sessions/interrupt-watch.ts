import type { TurnTracker } from './turn-tracker'

/** A Stop hook is a process of its own: on a loaded machine it can arrive seconds after the CLI's status file says idle. */
const STOP_GRACE_MS = 5_000
const REASON = 'The agent went back to its prompt without finishing the turn (Esc, or a permission answered No)'

/**
 * Ends a turn no hook ends: when a Claude pane with a turn under way shows idle and stays so
 * for STOP_GRACE_MS with no Stop or StopFailure, the turn counts as interrupted, so whoever
 * waits for it (a task stage, an MCP client's wait_for_turn) hears so instead of waiting on.
 */
export class InterruptWatch {
  private readonly timers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly deps: { turns: Pick<TurnTracker, 'hasOpenTurn' | 'interrupted'>; isIdle(paneId: string): boolean },
    private readonly graceMs = STOP_GRACE_MS
  ) {}

  /** Every status change of a pane. */
  statusChanged(paneId: string, state: string): void {
    if (state !== 'idle' || this.timers.has(paneId) || !this.deps.turns.hasOpenTurn(paneId)) return
    const timer = setTimeout(() => {
      this.timers.delete(paneId)
      if (this.deps.isIdle(paneId)) this.deps.turns.interrupted(paneId, REASON)
    }, this.graceMs)
    timer.unref()
    this.timers.set(paneId, timer)
  }

  forget(paneId: string): void {
    clearTimeout(this.timers.get(paneId))
    this.timers.delete(paneId)
  }

  dispose(): void {
    for (const paneId of [...this.timers.keys()]) this.forget(paneId)
  }
}
