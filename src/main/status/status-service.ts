import { randomBytes } from 'node:crypto'
import type { PaneStatus, StatusMethod } from '../../shared/status'
import type { Logger } from '../log'
import { forwardCommand } from './hook-forwarder'
import { HookReceiver } from './hook-receiver'
import { CliSessionWatcher } from './session-watcher'
import { reasonOnScreen, retryOnScreen } from './screen-reasons'
import { initialStatus, isKnownHookEvent, reduce, type StatusSignal, type TrackedStatus } from './state-machine'

export interface StatusServiceOptions {
  log: Logger
  onStatus(paneId: string, status: PaneStatus): void
  /** For panes without hooks: does the pane's program (not a job of it) hold the terminal? */
  programInForeground(paneId: string): boolean | undefined
  /** The pane's visible rows, to name a dialog no hook reports. */
  screenText?(paneId: string): Promise<string[]>
  /** Every authenticated hook event, for whoever follows more than the state (the model a CLI sends, say). */
  onHook?(paneId: string, event: string, payload: Record<string, unknown>): void
  now?: () => number
  /** Output quiet this long means an agent without hooks is idle. */
  quietMs?: number
}

interface Tracker {
  tracked: TrackedStatus
  /** Set by Tessera before it ends the process, so the exit reads as exited, not crashed. */
  endRequested: boolean
  stopWatching?: () => void
  quietTimer?: NodeJS.Timeout
  /** When the pane last printed, and when a shell's foreground was last looked at. */
  lastOutputAt: number
  checkedAt: number
  stopHooks?: () => void
  /** A screen read pending for a waiting pane. */
  screenTimer?: NodeJS.Timeout
  /** A screen read pending for a working pane (is it retrying?). */
  retryTimer?: NodeJS.Timeout
}

const DEFAULT_QUIET_MS = 1500
/** A shell printing at its own prompt (a builtin loop) has its foreground read at most this often. */
const RECHECK_MS = 100
/** A waiting pane's screen is read this long after it prints, so a dialog being drawn is read once, whole. */
const SCREEN_CHECK_MS = 30
/** A working Claude pane's screen is read at most this often while it prints: its retry row changes once a second. */
const RETRY_CHECK_MS = 500

/**
 * Every pane's state: one state machine per pane, fed by Claude's hooks and status
 * file (hooks method) or by the process and its output (the others). Reports each
 * change through onStatus.
 */
export class StatusService {
  private readonly receiver: HookReceiver
  private readonly watcher: CliSessionWatcher
  private readonly trackers = new Map<string, Tracker>()
  private readonly started: Promise<void>
  private readonly now: () => number
  private readonly quietMs: number

  constructor(private readonly options: StatusServiceOptions) {
    this.receiver = new HookReceiver(options.log.child('hooks'))
    this.watcher = new CliSessionWatcher(options.log)
    this.started = this.receiver.start()
    // Logged here so a failure is not an unhandled rejection; panes that need hooks get it from ready().
    this.started.catch((error: unknown) => options.log.error('hook receiver could not start', { reason: error instanceof Error ? error.message : String(error) }))
    this.now = options.now ?? Date.now
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS
  }

  /** Resolves once the hook receiver listens. */
  ready(): Promise<void> {
    return this.started
  }

  /** Starts tracking a pane; for the hooks method returns where and how its hooks report. */
  track(paneId: string, method: StatusMethod): { url: string; secret: string; forwardCommand: string } | undefined {
    const tracker: Tracker = { tracked: initialStatus(method, this.now()), endRequested: false, lastOutputAt: 0, checkedAt: 0 }
    this.trackers.set(paneId, tracker)
    this.options.onStatus(paneId, tracker.tracked.status)
    if (method !== 'hooks') return undefined
    const secret = randomBytes(24).toString('hex')
    tracker.stopHooks = this.receiver.register(paneId, secret, (event, payload) => this.onHook(paneId, event, payload))
    const url = this.receiver.urlFor(paneId)
    return { url, secret, forwardCommand: forwardCommand(url) }
  }

  status(paneId: string): PaneStatus | undefined {
    return this.trackers.get(paneId)?.tracked.status
  }

  /** A (re)start: back to starting; a Claude pane's status file is watched for this pid. */
  launched(paneId: string, pid: number | undefined, claudeConfigDir: string | undefined): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    tracker.endRequested = false
    tracker.stopWatching?.()
    tracker.stopWatching = undefined
    this.apply(paneId, { kind: 'launched', at: this.now() })
    if (claudeConfigDir && pid !== undefined) {
      tracker.stopWatching = this.watcher.watch(claudeConfigDir, pid, (session) =>
        this.apply(paneId, { kind: 'cliStatus', ...session, at: this.now() })
      )
    }
  }

  /** Tessera is about to end the pane's process (close, restart). */
  endRequested(paneId: string): void {
    const tracker = this.trackers.get(paneId)
    if (tracker) tracker.endRequested = true
  }

  exited(paneId: string, exitCode: number, signal: number | undefined): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    clearTimeout(tracker.quietTimer)
    clearTimeout(tracker.screenTimer)
    clearTimeout(tracker.retryTimer)
    tracker.screenTimer = undefined
    tracker.retryTimer = undefined
    tracker.stopWatching?.()
    tracker.stopWatching = undefined
    this.apply(paneId, { kind: 'exit', exitCode, ...(signal ? { signal } : {}), requested: tracker.endRequested, at: this.now() })
  }

  title(paneId: string, title: string): void {
    this.apply(paneId, { kind: 'title', title, at: this.now() })
  }

  /**
   * Output from the pane. A shell is busy while a job holds its terminal (an echo
   * of typing is not work); an agent known only by its output is busy until quiet.
   */
  output(paneId: string): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    if (tracker.tracked.status.method === 'hooks') {
      this.checkScreenIfWaiting(paneId, tracker)
      this.checkScreenIfWorking(paneId, tracker)
      return
    }
    const now = this.now()
    tracker.lastOutputAt = now
    // With a quiet check pending the pane is watched already: a flood costs nothing more.
    if (tracker.quietTimer && (tracker.tracked.status.state === 'working' || now - tracker.checkedAt < RECHECK_MS)) return
    tracker.checkedAt = now
    const busy = tracker.tracked.status.method === 'activity' || this.options.programInForeground(paneId) === false
    this.apply(paneId, { kind: 'activity', busy, at: now })
    tracker.quietTimer ??= setTimeout(() => this.quiet(paneId), this.quietMs)
  }

  untrack(paneId: string): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    clearTimeout(tracker.quietTimer)
    clearTimeout(tracker.screenTimer)
    clearTimeout(tracker.retryTimer)
    tracker.stopWatching?.()
    tracker.stopHooks?.()
    this.trackers.delete(paneId)
  }

  async dispose(): Promise<void> {
    for (const paneId of [...this.trackers.keys()]) this.untrack(paneId)
    this.watcher.dispose()
    await this.started.catch(() => undefined)
    await this.receiver.close()
  }

  /** Quiet output: idle, unless a shell runs a silent job (busy, and look again later). */
  private quiet(paneId: string): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    tracker.quietTimer = undefined
    const sinceOutput = this.now() - tracker.lastOutputAt
    if (sinceOutput < this.quietMs) {
      tracker.quietTimer = setTimeout(() => this.quiet(paneId), this.quietMs - sinceOutput)
      return
    }
    const jobRunning = tracker.tracked.status.method === 'process' && this.options.programInForeground(paneId) === false
    this.apply(paneId, { kind: 'activity', busy: jobRunning, at: this.now() })
    if (jobRunning) tracker.quietTimer = setTimeout(() => this.quiet(paneId), this.quietMs)
  }

  private onHook(paneId: string, event: string, payload: Record<string, unknown>): void {
    if (!isKnownHookEvent(event)) this.options.log.info('unknown hook event ignored', { paneId, event })
    this.apply(paneId, { kind: 'hook', event, payload, at: this.now() })
    this.options.onHook?.(paneId, event, payload)
  }

  /** A waiting Claude pane that prints may be drawing a dialog no hook names: read its screen shortly. */
  private checkScreenIfWaiting(paneId: string, tracker: Tracker): void {
    if (tracker.tracked.status.state !== 'waiting' || tracker.screenTimer) return
    tracker.screenTimer = this.readScreenLater(paneId, SCREEN_CHECK_MS, () => (tracker.screenTimer = undefined), (lines) => {
      const reason = reasonOnScreen(lines)
      if (reason) this.apply(paneId, { kind: 'screen', reason, at: this.now() })
    })
  }

  /**
   * A working Claude pane that prints may be retrying a 429/529, which no hook reports:
   * its screen is read (at most every RETRY_CHECK_MS), and the reason follows the retry row.
   */
  private checkScreenIfWorking(paneId: string, tracker: Tracker): void {
    if (tracker.tracked.status.state !== 'working' || tracker.retryTimer) return
    tracker.retryTimer = this.readScreenLater(paneId, RETRY_CHECK_MS, () => (tracker.retryTimer = undefined), (lines) =>
      this.apply(paneId, { kind: 'retry', reason: retryOnScreen(lines), at: this.now() })
    )
  }

  /** Reads the pane's screen after `delayMs`; a pane closed meanwhile (or no mirror) reads nothing. */
  private readScreenLater(paneId: string, delayMs: number, fired: () => void, read: (lines: string[]) => void): NodeJS.Timeout | undefined {
    const { screenText } = this.options
    if (!screenText) return undefined
    return setTimeout(() => {
      fired()
      // screenText throws at once for a pane closed meanwhile: Promise.resolve turns that into a rejection.
      Promise.resolve(paneId)
        .then(screenText)
        .then(read, () => undefined)
    }, delayMs)
  }

  private apply(paneId: string, signal: StatusSignal): void {
    const tracker = this.trackers.get(paneId)
    if (!tracker) return
    const before = tracker.tracked.status
    tracker.tracked = reduce(tracker.tracked, signal)
    const after = tracker.tracked.status
    if (after === before) return
    this.options.onStatus(paneId, after)
    if (after.state === 'waiting' && before.state !== 'waiting') this.checkScreenIfWaiting(paneId, tracker)
  }
}
