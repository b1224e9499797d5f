/**
 * Skipping ahead, as tmux does for its clients: when the pane the user works in prints
 * faster than a client can parse (flow control would pause it), its program keeps
 * running at full speed and the clients stop getting every frame. While it skips they
 * get the screen's worth of the newest output a few times a second, and once output
 * stops (or the pane is no longer the one in use) the whole backlog, which replaces what
 * the terminal shows. The PTY is read as fast as it writes; the page parses a few
 * hundred kilobytes instead of the whole flood. Panes in the background are paused by
 * flow control as before, so a flood there never costs a core.
 */
export interface FastForwardOptions {
  /** How often a skipping pane's clients see its newest screen. */
  refreshMs: number
  /** Output that stops for this long ends the skip. */
  quietMs: number
}

export const DEFAULT_FAST_FORWARD: FastForwardOptions = { refreshMs: 250, quietMs: 100 }
/** How often a skip checks for quiet: the end shows within quietMs plus this. */
const TICK_MS = 25

export interface FastForwardHooks {
  /** Send the newest output as a replacement: `screen` (a refresh) or `all` (the backlog, at the end). */
  replace(extent: 'screen' | 'all'): void
  /** Whether the pane may keep skipping (still the pane in use, still running). */
  stillWanted(): boolean
  /** The skip is over: count flow afresh. */
  ended(): void
}

export class FastForward {
  private timer: NodeJS.Timeout | undefined
  private lastOutputAt = 0
  private lastRefreshAt = 0
  private skips = 0

  constructor(
    private readonly hooks: FastForwardHooks,
    private readonly options: FastForwardOptions = DEFAULT_FAST_FORWARD,
    private readonly now: () => number = () => Date.now()
  ) {}

  get skipping(): boolean {
    return this.timer !== undefined
  }

  /** Times a skip started, for diagnostics and tests. */
  get count(): number {
    return this.skips
  }

  start(): void {
    if (this.skipping) return
    this.skips++
    this.lastOutputAt = this.lastRefreshAt = this.now()
    this.timer = setInterval(() => this.tick(), TICK_MS)
    this.timer.unref()
    // At once: the clients drop the output they hold and stop parsing what is now history.
    this.hooks.replace('screen')
  }

  /** Output arrived (and was not sent) while skipping. */
  output(): void {
    this.lastOutputAt = this.now()
  }

  /** Ends a skip at once (the program exited): the clients get the backlog now. */
  finish(): void {
    if (!this.skipping) return
    this.stop()
    this.hooks.replace('all')
    this.hooks.ended()
  }

  dispose(): void {
    this.stop()
  }

  private tick(): void {
    const now = this.now()
    if (now - this.lastOutputAt >= this.options.quietMs || !this.hooks.stillWanted()) return this.finish()
    if (now - this.lastRefreshAt < this.options.refreshMs) return
    this.lastRefreshAt = now
    this.hooks.replace('screen')
  }

  private stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
