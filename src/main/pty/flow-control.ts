/**
 * Flow control for one pane, after VS Code and xterm.js' flow-control guide: count the
 * characters sent to clients, subtract what they acknowledge as parsed, pause the PTY
 * above a high watermark and resume below a low one.
 *
 * Several clients (browser tabs, windows) may watch a pane. Acks from any client count,
 * so the pane runs at the pace of the fastest one: a slow tab lags, it never stalls the
 * others (acks carry no client id on the wire). Counting starts with the first ack, so
 * a pane nobody watches is never paused. A client counts as gone when output stays
 * unacknowledged for clientTimeoutMs (tab closed, page frozen): the pane then resumes
 * and counting stops until acks come back, so no pane stays paused forever. An idle
 * client stays attached however long the pane is quiet, so the next burst is counted
 * from its first byte.
 * (The headless mirror never pauses the PTY: see MirrorFeed.)
 */
export interface FlowOptions {
  highWatermark: number
  lowWatermark: number
  clientTimeoutMs: number
}

/**
 * The window must cover a round trip (ack → resume → read → batch → send) at the rate
 * the page parses, plus the focused pane's write in progress (the page's scheduler hands
 * it up to 512K characters at once), or the page idles between bursts; resuming at half
 * the window keeps output waiting in the page while new output is on its way. Background
 * panes' output waits in the page's scheduler within this window too, so it also bounds
 * page memory.
 */
export const DEFAULT_FLOW: FlowOptions = { highWatermark: 1_000_000, lowWatermark: 500_000, clientTimeoutMs: 5_000 }

export interface FlowStats {
  paused: boolean
  pauses: number
  resumes: number
  /** Characters sent to clients and not acknowledged yet. */
  unacked: number
}

/** An unacknowledged count with hysteresis: above once past high, until under low. */
class Watermark {
  unacked = 0
  above = false

  constructor(
    private readonly high: number,
    private readonly low: number
  ) {}

  add(chars: number): void {
    this.unacked += chars
    if (this.unacked > this.high) this.above = true
  }

  remove(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars)
    if (this.unacked < this.low) this.above = false
  }

  reset(): void {
    this.unacked = 0
    this.above = false
  }
}

export class FlowControl {
  private readonly client: Watermark
  private attached = false
  /** Since when output has waited for an ack: the later of the last ack and the first unacked send. */
  private waitingSince = 0
  private timer: NodeJS.Timeout | undefined
  private paused = false
  private pauses = 0
  private resumes = 0

  constructor(
    private readonly setPaused: (paused: boolean) => void,
    private readonly options: FlowOptions = DEFAULT_FLOW,
    private readonly now: () => number = () => Date.now()
  ) {
    this.client = new Watermark(options.highWatermark, options.lowWatermark)
  }

  /** A frame went to the clients. */
  sent(chars: number): void {
    if (!this.attached) return
    if (this.client.unacked === 0) this.waitingSince = this.now()
    this.client.add(chars)
    this.timer ??= this.armStallCheck(this.options.clientTimeoutMs)
    this.update()
  }

  /** A client parsed `chars` more characters. */
  ack(chars: number): void {
    this.attached = true
    this.waitingSince = this.now()
    this.client.remove(chars)
    this.update()
  }

  /** The clients are gone: resume and stop counting until one acks again. */
  detach(): void {
    this.attached = false
    this.client.reset()
    this.update()
  }

  /** Output sent so far will not be parsed (a skip replaced it): count afresh, still attached. */
  restart(): void {
    this.client.reset()
    this.update()
  }

  stats(): FlowStats {
    const { paused, pauses, resumes } = this
    return { paused, pauses, resumes, unacked: this.client.unacked }
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private update(): void {
    const shouldPause = this.attached && this.client.above
    if (shouldPause === this.paused) return
    this.paused = shouldPause
    if (shouldPause) this.pauses++
    else this.resumes++
    this.setPaused(shouldPause)
  }

  /** One timer at a time, re-armed for the remaining wait, never one per frame. */
  private armStallCheck(delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timer = undefined
      if (!this.attached || this.client.unacked === 0) return
      const waited = this.now() - this.waitingSince
      if (waited < this.options.clientTimeoutMs) {
        this.timer = this.armStallCheck(this.options.clientTimeoutMs - waited)
        return
      }
      this.detach()
    }, delayMs)
    timer.unref()
    return timer
  }
}
