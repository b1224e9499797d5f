
/**
 * How far (in characters) the mirror may fall behind before frames are dropped. The
 * worker parses ~20–38 MB/s while a PTY delivers up to ~70 MB/s, so a sustained flood
 * outruns it; this bounds the queue to a few MB.
 */
export const MIRROR_LAG_LIMIT = 2_000_000
/**
 * A burst (output with no MIRROR_QUIET_MS pause) longer than this is not parsed as it
 * comes: nobody reads the mirror mid-flood, and on a small machine its parsing takes a
 * core from the PTY and the page. The mirror catches up from the backlog afterwards.
 */
export const MIRROR_BURST_LIMIT = 1_000_000
/** A stale mirror is rebuilt once its pane has printed nothing for this long. */
export const MIRROR_QUIET_MS = 100

/** What a feed needs of the mirror host (MirrorHost implements it). */
export interface MirrorSink {
  reopen(paneId: string): void
  /** False when no mirror took the data (no parse report will come). */
  write(paneId: string, data: string): boolean
}

export interface MirrorFeedStats {
  /** Characters posted to the mirror and not parsed yet. */
  mirrorLag: number
  /** Times the mirror was rebuilt from the backlog (after a flood or a worker restart). */
  mirrorResyncs: number
}

/**
 * Feeds one pane's frames to its headless mirror without ever holding the PTY back.
 * When the mirror falls more than the lag limit behind, or the pane prints a burst
 * longer than the burst limit, frames are no longer posted (the mirror is "stale"); it
 * is rebuilt from the pane's backlog (its most recent
 * output) when someone reads it or once the pane has been quiet for a moment. So a
 * flood never slows the PTY, grows memory or keeps the worker busy competing for CPU,
 * and reads see the current screen, at the price of modes set before the backlog's
 * window (rare: a flood that long has scrolled them away).
 */
export class MirrorFeed {
  private lag = 0
  private stale = false
  private lastFrameAt = Number.NEGATIVE_INFINITY
  /** Characters printed since the pane was last quiet for MIRROR_QUIET_MS. */
  private burst = 0
  private timer: NodeJS.Timeout | undefined
  private resyncs = 0

  constructor(
    private readonly paneId: string,
    private readonly mirror: MirrorSink,
    private readonly backlog: () => string,
    private readonly lagLimit = MIRROR_LAG_LIMIT,
    private readonly burstLimit = MIRROR_BURST_LIMIT
  ) {}

  write(frame: string): void {
    const now = Date.now()
    if (now - this.lastFrameAt >= MIRROR_QUIET_MS) this.burst = 0
    this.burst += frame.length
    this.lastFrameAt = now
    if (!this.stale && (this.lag > this.lagLimit || this.burst > this.burstLimit)) this.stale = true
    if (!this.stale) return this.post(frame)
    this.timer ??= this.armQuietCheck(MIRROR_QUIET_MS)
  }

  parsed(chars: number): void {
    this.lag = Math.max(0, this.lag - chars)
  }

  /** The worker restarted empty: what was in flight is gone; rebuild. */
  reset(): void {
    this.lag = 0
    this.resync()
  }

  /** Called before a snapshot or screen read, so it never answers from a stale mirror. */
  beforeRead(): void {
    if (this.stale) this.resync()
  }

  stats(): MirrorFeedStats {
    return { mirrorLag: this.lag, mirrorResyncs: this.resyncs }
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private armQuietCheck(delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timer = undefined
      if (!this.stale) return
      const quietFor = Date.now() - this.lastFrameAt
      if (quietFor >= MIRROR_QUIET_MS) this.resync()
      else this.timer = this.armQuietCheck(MIRROR_QUIET_MS - quietFor)
    }, delayMs)
    timer.unref()
    return timer
  }

  private resync(): void {
    this.dispose()
    this.stale = false
    this.resyncs++
    this.mirror.reopen(this.paneId)
    this.post(this.backlog())
  }

  private post(data: string): void {
    if (data && this.mirror.write(this.paneId, data)) this.lag += data.length
  }
}
