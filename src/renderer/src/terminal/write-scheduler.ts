// Decides when each pane's output reaches its terminal. Left to themselves, sixteen
// xterm.js instances each parse their whole write buffer in ~12 ms slices, so one
// keystroke's echo can wait behind fifteen floods' slices and their redraws. Here the
// focused pane and small outputs (echoes, prompts) go to their terminal at once, while
// floods in other panes share a bounded slice of each frame period, one chunk at a time.
// The focused pane has one write in flight at a time, made of everything that arrived
// while the terminal parsed the previous one: in a flood xterm.js then parses long runs
// between redraws (it only yields between writes), instead of redrawing the whole screen
// every few kilobytes. Output waiting here is not parsed, so not acknowledged: flow
// control still bounds it. A keystroke holds the background floods back until its
// answer has been handed to the terminal and drawn, so the echo meets a quiet page.
// Host-neutral on purpose (no DOM, injected clock), so its decisions are unit-tested.

export interface SchedulerClock {
  now(): number
  /** Runs `callback` after about `ms`. */
  later(callback: () => void, ms: number): void
}

export interface ScheduleOptions {
  /**
   * The budget renews every period. Two display frames: background floods then redraw at
   * about 30 fps, which leaves the page's main thread more room for the focused pane.
   */
  periodMs: number
  /** Background chunks may start only this long into each period; also what one chunk should take to parse. */
  backgroundMs: number
  /** The most a background pane is handed at once. */
  backgroundChunkChars: number
  /** A pane with at most this much waiting is served at once, focused or not. */
  smallChars: number
  /** The most the focused pane is handed in one write (xterm.js parses a write without yielding). */
  urgentChunkChars: number
  /** After a keystroke, background floods wait at most this long for the pane's answer. */
  inputHoldMs: number
  /** Once the answer is handed over, they wait this much longer: a frame to draw it in. */
  answerDrawMs: number
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  periodMs: 33,
  backgroundMs: 3,
  backgroundChunkChars: 16_384,
  smallChars: 1_024,
  urgentChunkChars: 524_288,
  inputHoldMs: 50,
  answerDrawMs: 20
}

/** Hands `data` to the terminal; `parsed` must run once the terminal has parsed it. */
export type WriteToTerminal = (data: string, parsed: () => void) => void

export interface ScheduledOutput {
  push(data: string): void
  /** The user typed into this pane: its answer goes before background floods. */
  typed(): void
  /** Drops the output waiting here (what the terminal already has stays). */
  discard(): void
  dispose(): void
}

class PaneQueue {
  private chunks: string[] = []
  queued = 0
  /** An urgent write the terminal has not parsed yet; the next one waits for it. */
  writing = false

  constructor(
    readonly paneId: string,
    readonly write: WriteToTerminal
  ) {}

  push(data: string): void {
    this.chunks.push(data)
    this.queued += data.length
  }

  clear(): void {
    this.chunks = []
    this.queued = 0
  }

  /** The oldest output, at most `maxChars` of it, as one string. */
  take(maxChars: number): string {
    const parts: string[] = []
    let size = 0
    while (this.chunks.length > 0 && size < maxChars) {
      const first = this.chunks.shift() ?? ''
      const room = maxChars - size
      if (first.length > room) this.chunks.unshift(first.slice(room))
      const part = first.length > room ? first.slice(0, room) : first
      parts.push(part)
      size += part.length
    }
    this.queued -= size
    return parts.length === 1 ? (parts[0] ?? '') : parts.join('')
  }
}

/** The least a background chunk shrinks to, so a slow flood still moves. */
const MIN_BACKGROUND_CHUNK_CHARS = 256

export class WriteScheduler {
  private readonly panes: PaneQueue[] = []
  /**
   * The size of the next background chunk. What a character costs to parse varies
   * tenfold (a flood of short lines scrolls the buffer at every one), so the size follows
   * how long the last chunk took, aiming at backgroundMs.
   */
  private backgroundChunk: number
  /** Where the round of background panes stands; it moves on every period. */
  private cursor = 0
  private periodStart = Number.NEGATIVE_INFINITY
  /** The background pane whose chunk the terminal is parsing, if any. */
  private parsing: PaneQueue | undefined
  /** When the armed wake-up timer fires, if one is armed. */
  private wakeTime: number | undefined
  /** The pane typed into, while its answer is awaited or being drawn. */
  private typedInto: PaneQueue | undefined
  /** Background floods wait until then (a keystroke's hold). */
  private holdUntil = Number.NEGATIVE_INFINITY

  constructor(
    private readonly focusedPane: () => string | null,
    private readonly clock: SchedulerClock,
    private readonly options: ScheduleOptions = DEFAULT_SCHEDULE
  ) {
    this.backgroundChunk = options.backgroundChunkChars
  }

  register(paneId: string, write: WriteToTerminal): ScheduledOutput {
    const pane = new PaneQueue(paneId, write)
    this.panes.push(pane)
    return {
      push: (data) => {
        if (data.length === 0) return
        pane.push(data)
        this.pump()
      },
      typed: () => {
        this.typedInto = pane
        this.holdUntil = this.clock.now() + this.options.inputHoldMs
      },
      discard: () => pane.clear(),
      dispose: () => this.remove(pane)
    }
  }

  /** Serves urgent panes (one write in flight each), then background panes within the period's budget. */
  private pump(): void {
    const focused = this.focusedPane()
    for (const pane of this.panes) {
      if (pane.queued > 0 && !pane.writing && (pane.paneId === focused || pane.queued <= this.options.smallChars)) {
        this.writeUrgent(pane)
      }
    }
    this.serveBackground(focused)
  }

  private writeUrgent(pane: PaneQueue): void {
    if (pane === this.typedInto) this.answered()
    pane.writing = true
    pane.write(pane.take(this.options.urgentChunkChars), () => {
      pane.writing = false
      if (pane.queued > 0) this.pump()
    })
  }

  /** The keystroke's answer is on its way to the screen: the hold ends once it is drawn. */
  private answered(): void {
    this.typedInto = undefined
    this.holdUntil = Math.min(this.holdUntil, this.clock.now() + this.options.answerDrawMs)
  }

  /** The focused pane is never served here: it has its own write in flight. */
  private serveBackground(focused: string | null): void {
    const waiting = (pane: PaneQueue): boolean => pane.queued > 0 && pane.paneId !== focused
    if (this.parsing || !this.panes.some(waiting)) return
    const now = this.clock.now()
    if (now < this.holdUntil) return this.wakeAt(this.holdUntil - now)
    const { periodMs, backgroundMs } = this.options
    if (now - this.periodStart >= periodMs) {
      // A new period: the next pane in the round goes first, so every flood gets its turn.
      if (this.periodStart !== Number.NEGATIVE_INFINITY) this.cursor++
      this.periodStart = now
    }
    if (now - this.periodStart >= backgroundMs) return this.wakeAt(this.periodStart + periodMs - now)
    // Staying with one pane while the period lasts redraws fewer terminals per frame.
    const pane = this.nextWaiting(waiting)
    if (!pane) return
    this.parsing = pane
    const chunk = pane.take(this.backgroundChunk)
    pane.write(chunk, () => {
      if (this.parsing !== pane) return
      this.parsing = undefined
      this.fitBackgroundChunk(chunk.length, this.clock.now() - now)
      this.pump()
    })
  }

  private fitBackgroundChunk(chars: number, tookMs: number): void {
    if (chars < this.backgroundChunk) return // a short chunk says little about the rate
    const fitting = (chars * this.options.backgroundMs) / Math.max(tookMs, 0.1)
    this.backgroundChunk = Math.round(Math.min(this.options.backgroundChunkChars, Math.max(MIN_BACKGROUND_CHUNK_CHARS, fitting)))
  }

  private nextWaiting(waiting: (pane: PaneQueue) => boolean): PaneQueue | undefined {
    for (let step = 0; step < this.panes.length; step++) {
      const index = (this.cursor + step) % this.panes.length
      const pane = this.panes[index]
      if (pane && waiting(pane)) {
        this.cursor = index
        return pane
      }
    }
    return undefined
  }

  /** The soonest wake-up wins: a sooner one replaces a later one, whose timer then does nothing. */
  private wakeAt(delayMs: number): void {
    const at = this.clock.now() + delayMs
    if (this.wakeTime !== undefined && this.wakeTime <= at) return
    this.wakeTime = at
    this.clock.later(() => {
      if (this.wakeTime !== at) return // replaced by a sooner one, which already ran
      this.wakeTime = undefined
      this.pump()
    }, delayMs)
  }

  private remove(pane: PaneQueue): void {
    const index = this.panes.indexOf(pane)
    if (index >= 0) this.panes.splice(index, 1)
    pane.clear()
    if (this.typedInto === pane) this.typedInto = undefined
    // A disposed terminal never calls back: free the background turn it held.
    if (this.parsing === pane) {
      this.parsing = undefined
      this.pump()
    }
  }
}
