import type { PaneAutoRestart } from '../../shared/bridge'
import type { Logger } from '../log'
import { decideRestart, DEFAULT_RESTART_POLICY, recentTries, type RestartPolicy } from './restart-policy'

export interface CrashRestarterOptions {
  /** Starts the pane again (a Claude pane with `--resume`); rejects with why it could not. */
  restart(paneId: string): Promise<void>
  /** Shows the pane's restart state to every client. */
  publish(paneId: string, info: PaneAutoRestart): void
  /** Only agent panes come back by themselves: a shell that exits non-zero did what its user typed. */
  isAgent(paneId: string): boolean
  /** The global setting, read at each crash. */
  enabledGlobally(): boolean
  log: Logger
  policy?: RestartPolicy
  now?: () => number
}

interface PaneRestarts {
  enabled: boolean
  /** When each try was made, oldest first (only those inside the policy's window are kept). */
  triedAt: number[]
  timer?: NodeJS.Timeout
  scheduled?: NonNullable<PaneAutoRestart['scheduled']>
  failed?: string
  gaveUp?: string
}

/**
 * Brings agents that crash back, after 1 s, then 5 s, then 20 s, at most 3 times in
 * 2 minutes; past that the pane stays Crashed (its last screen, exit reason and Restart
 * button). The host reports crashes (status 'crashed': a signal, or a non-zero code Tessera
 * did not ask for; /exit and Ctrl+D end with 0 and read as exited).
 */
export class CrashRestarter {
  private readonly panes = new Map<string, PaneRestarts>()
  private readonly policy: RestartPolicy
  private readonly now: () => number

  constructor(private readonly options: CrashRestarterOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY
    this.now = options.now ?? Date.now
  }

  /** What the pane's header shows; undefined for panes that never restart (shells). */
  info(paneId: string): PaneAutoRestart | undefined {
    const pane = this.entry(paneId)
    if (!pane) return undefined
    const { enabled, scheduled, failed, gaveUp } = pane
    return { enabled, ...(scheduled && { scheduled }), ...(failed && { failed }), ...(gaveUp && { gaveUp }) }
  }

  crashed(paneId: string, reason: string | undefined): void {
    const pane = this.entry(paneId)
    if (!pane || pane.timer || !pane.enabled || !this.options.enabledGlobally()) return
    const now = this.now()
    const decision = decideRestart(pane.triedAt, now, this.policy)
    if (!decision.restart) {
      pane.gaveUp = `Not restarted: ${decision.reason}.`
      this.options.log.warn('crashed agent not restarted', { paneId, reason, why: decision.reason })
      this.publish(paneId)
      return
    }
    pane.triedAt = [...recentTries(pane.triedAt, now, this.policy), now]
    pane.scheduled = { at: now + decision.delayMs, attempt: decision.attempt, of: this.policy.maxTries }
    pane.timer = setTimeout(() => void this.run(paneId, pane), decision.delayMs)
    this.options.log.info('crashed agent restart scheduled', { paneId, reason, ...pane.scheduled })
    this.publish(paneId)
  }

  /** The user restarted the pane: a fresh start, with every try available again. */
  userRestarted(paneId: string): void {
    const pane = this.panes.get(paneId)
    if (!pane) return
    this.cancel(pane)
    pane.triedAt = []
    pane.failed = undefined
    pane.gaveUp = undefined
    this.publish(paneId)
  }

  setEnabled(paneId: string, enabled: boolean): void {
    const pane = this.entry(paneId)
    if (!pane) return
    pane.enabled = enabled
    if (!enabled) this.cancel(pane)
    this.publish(paneId)
  }

  /** The global setting went off: nothing scheduled runs. */
  disabledGlobally(): void {
    for (const [paneId, pane] of this.panes) {
      if (!pane.timer) continue
      this.cancel(pane)
      this.publish(paneId)
    }
  }

  remove(paneId: string): void {
    const pane = this.panes.get(paneId)
    if (pane) this.cancel(pane)
    this.panes.delete(paneId)
  }

  dispose(): void {
    for (const pane of this.panes.values()) this.cancel(pane)
    this.panes.clear()
  }

  private async run(paneId: string, pane: PaneRestarts): Promise<void> {
    pane.timer = undefined
    pane.scheduled = undefined
    try {
      await this.options.restart(paneId)
      if (this.panes.get(paneId) !== pane) return
      pane.failed = undefined
      this.options.log.info('crashed agent restarted', { paneId })
      this.publish(paneId)
    } catch (error) {
      // Closed meanwhile: nothing to report.
      if (this.panes.get(paneId) !== pane) return
      pane.failed = `The automatic restart failed: ${error instanceof Error ? error.message : String(error)}`
      this.options.log.warn('crashed agent restart failed', { paneId, reason: pane.failed })
      // No process started, so no exit will follow: the failure counts as the next crash.
      this.crashed(paneId, pane.failed)
      this.publish(paneId)
    }
  }

  private cancel(pane: PaneRestarts): void {
    clearTimeout(pane.timer)
    pane.timer = undefined
    pane.scheduled = undefined
  }

  /** Agent panes get an entry the first time they are named (panes created or restored anywhere). */
  private entry(paneId: string): PaneRestarts | undefined {
    let pane = this.panes.get(paneId)
    if (!pane && this.options.isAgent(paneId)) {
      pane = { enabled: true, triedAt: [] }
      this.panes.set(paneId, pane)
    }
    return pane
  }

  private publish(paneId: string): void {
    const info = this.info(paneId)
    if (info) this.options.publish(paneId, info)
  }
}
