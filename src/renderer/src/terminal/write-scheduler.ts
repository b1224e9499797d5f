// Decides when each pane's output reaches its terminal. Left to themselves, sixteen
// xterm.js instances each parse their whole write buffer in ~12 ms slices, so one
// keystroke's echo can wait behind fifteen floods' slices and their redraws. Here the
// focused pane and small outputs (echoes, prompts) go to their terminal at once, while
// floods in other panes share a bounded slice of each frame period, one chunk at a time.
// Output waiting here is not parsed, so not acknowledged: flow control still bounds it.
// Host-neutral on purpose (no DOM, injected clock), so its decisions are unit-tested.

export interface SchedulerClock {
  now(): number
  /** Runs `callback` after about `ms`. */
  later(callback: () => void, ms: number): void
}

export interface ScheduleOptions {
  /** The budget renews every period (a display frame). */
  periodMs: number
  /** Background chunks may start only this long into each period. */
  backgroundMs: number
  /** The most a background pane is handed at once. */
  backgroundChunkChars: number
  /** A pane with at most this much waiting is served at once, focused or not. */
  smallChars: number
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  periodMs: 16,
  backgroundMs: 3,
  backgroundChunkChars: 16_384,
  smallChars: 1_024
}

/** Hands `data` to the terminal; `parsed` must run once the terminal has parsed it. */
export type WriteToTerminal = (data: string, parsed: () => void) => void

export interface ScheduledOutput {
  push(data: string): void
  dispose(): void
}

class PaneQueue {
  private chunks: string[] = []
  queued = 0

  constructor(
    readonly paneId: string,
    readonly write: WriteToTerminal
  ) {}

  push(data: string): void {
    this.chunks.push(data)
    this.queued += data.length
  }

  /** Everything waiting, one write per pushed frame (no copies). */
  takeAll(): string[] {
    const chunks = this.chunks
    this.chunks = []
    this.queued = 0
    return chunks
  }

  /** The oldest output, at most `maxChars` of it. */
  take(maxChars: number): string {
    const first = this.chunks[0] ?? ''
    if (first.length > maxChars) {
      this.chunks[0] = first.slice(maxChars)
      this.queued -= maxChars
      return first.slice(0, maxChars)
    }
    this.chunks.shift()
    this.queued -= first.length
    return first
  }
}

export class WriteScheduler {
  private readonly panes: PaneQueue[] = []
  /** Where the round of background panes stands; it moves on every period. */
  private cursor = 0
  private periodStart = Number.NEGATIVE_INFINITY
  /** The background pane whose chunk the terminal is parsing, if any. */
  private parsing: PaneQueue | undefined
  private timerArmed = false

  constructor(
    private readonly focusedPane: () => string | null,
    private readonly clock: SchedulerClock,
    private readonly options: ScheduleOptions = DEFAULT_SCHEDULE
  ) {}

  register(paneId: string, write: WriteToTerminal): ScheduledOutput {
    const pane = new PaneQueue(paneId, write)
    this.panes.push(pane)
    return {
      push: (data) => {
        if (data.length === 0) return
        pane.push(data)
        this.pump()
      },
      dispose: () => this.remove(pane)
    }
  }

  /** Serves urgent panes fully, then background panes within the period's budget. */
  private pump(): void {
    const focused = this.focusedPane()
    for (const pane of this.panes) {
      if (pane.queued > 0 && (pane.paneId === focused || pane.queued <= this.options.smallChars)) {
        for (const chunk of pane.takeAll()) pane.write(chunk, () => undefined)
      }
    }
    this.serveBackground()
  }

  private serveBackground(): void {
    if (this.parsing || !this.panes.some((pane) => pane.queued > 0)) return
    const now = this.clock.now()
    const { periodMs, backgroundMs } = this.options
    if (now - this.periodStart >= periodMs) {
      // A new period: the next pane in the round goes first, so every flood gets its turn.
      if (this.periodStart !== Number.NEGATIVE_INFINITY) this.cursor++
      this.periodStart = now
    }
    if (now - this.periodStart >= backgroundMs) return this.wakeAt(this.periodStart + periodMs - now)
    // Staying with one pane while the period lasts redraws fewer terminals per frame.
    const pane = this.nextWaiting()
    if (!pane) return
    this.parsing = pane
    pane.write(pane.take(this.options.backgroundChunkChars), () => {
      if (this.parsing !== pane) return
      this.parsing = undefined
      this.pump()
    })
  }

  private nextWaiting(): PaneQueue | undefined {
    for (let step = 0; step < this.panes.length; step++) {
      const index = (this.cursor + step) % this.panes.length
      const pane = this.panes[index]
      if (pane && pane.queued > 0) {
        this.cursor = index
        return pane
      }
    }
    return undefined
  }

  private wakeAt(delayMs: number): void {
    if (this.timerArmed) return
    this.timerArmed = true
    this.clock.later(() => {
      this.timerArmed = false
      this.pump()
    }, delayMs)
  }

  private remove(pane: PaneQueue): void {
    const index = this.panes.indexOf(pane)
    if (index >= 0) this.panes.splice(index, 1)
    pane.takeAll()
    // A disposed terminal never calls back: free the background turn it held.
    if (this.parsing === pane) {
      this.parsing = undefined
      this.pump()
    }
  }
}
