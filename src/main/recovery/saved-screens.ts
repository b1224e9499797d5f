import { z } from 'zod'
import type { Logger } from '../log'
import type { StateFiles } from '../persistence'

/** How often at most a pane's screen is saved while it prints: what a kill -9 can lose. */
export const SCREEN_SAVE_INTERVAL_MS = 2000
/** A snapshot larger than this keeps only its newest lines. */
export const MAX_SCREEN_CHARS = 1024 * 1024
/** How long quitting waits for the last snapshots. */
const QUIT_SAVE_TIMEOUT_MS = 3000

const SavedScreen = z.object({ savedAt: z.string(), cols: z.number().int().positive(), rows: z.number().int().positive(), data: z.string() })
export type SavedScreen = z.output<typeof SavedScreen>

export interface ScreenSource {
  /** The pane's screen and scrollback, serialized from the host's headless mirror. */
  snapshot(paneId: string): Promise<string>
  size(paneId: string): { cols: number; rows: number } | undefined
}

/** Keeps the newest whole lines that fit, so the screen itself always survives. */
export function boundScreen(data: string, maxChars = MAX_SCREEN_CHARS): string {
  if (data.length <= maxChars) return data
  const tail = data.slice(data.length - maxChars)
  const lineStart = tail.indexOf('\n')
  // Attributes set before the cut are gone: start plain.
  return `\x1b[0m${lineStart >= 0 ? tail.slice(lineStart + 1) : tail}`
}

const fileName = (paneId: string): string => `${paneId}.json`

/**
 * Saves each pane's last screen beside the state: at most every SCREEN_SAVE_INTERVAL_MS
 * while it prints, when its program exits, and on quit. A restore shows it until the new
 * program draws.
 */
export class ScreenSaver {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly saving = new Set<Promise<void>>()
  /** Panes closed for good: a save already under way for one must not write its file back. */
  private readonly gone = new Set<string>()
  private stopped = false

  constructor(
    private readonly files: StateFiles,
    private readonly source: ScreenSource,
    private readonly log: Logger,
    private readonly intervalMs = SCREEN_SAVE_INTERVAL_MS
  ) {}

  /** The saved screen, or undefined when there is none or it cannot be used. */
  read(paneId: string): SavedScreen | undefined {
    const text = this.files.read(fileName(paneId))
    if (text === undefined) return undefined
    try {
      const parsed = SavedScreen.safeParse(JSON.parse(text))
      if (parsed.success) return parsed.data
    } catch {
      // Reported below.
    }
    this.log.warn('saved screen unusable', { paneId, path: this.files.path(fileName(paneId)) })
    return undefined
  }

  /** The pane printed: its screen is saved within the interval. */
  output(paneId: string): void {
    if (this.stopped || this.timers.has(paneId)) return
    this.timers.set(
      paneId,
      setTimeout(() => {
        this.timers.delete(paneId)
        this.track(this.save(paneId))
      }, this.intervalMs)
    )
  }

  /** The pane's program exited: its final screen is saved now. */
  exited(paneId: string): void {
    if (this.stopped) return
    this.cancel(paneId)
    this.track(this.save(paneId))
  }

  /** The pane was closed for good: its screen goes too. */
  closed(paneId: string): void {
    this.cancel(paneId)
    this.gone.add(paneId)
    this.files.remove(fileName(paneId))
  }

  /** Drops saved screens of panes that are no longer saved (a pane closed while this host was not running). */
  keepOnly(paneIds: ReadonlySet<string>): void {
    for (const name of this.files.names()) {
      if (name.endsWith('.json') && !paneIds.has(name.slice(0, -'.json'.length))) this.files.remove(name)
    }
  }

  /** Quitting: saves every pane's screen now (bounded wait), then saves nothing more. */
  async saveAll(paneIds: readonly string[]): Promise<void> {
    for (const paneId of paneIds) this.cancel(paneId)
    const saves = Promise.all([...this.saving, ...paneIds.map((paneId) => this.save(paneId))])
    this.stopped = true
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_SAVE_TIMEOUT_MS)))
    await Promise.race([saves, timeout])
    clearTimeout(timer)
  }

  dispose(): void {
    this.stopped = true
    for (const paneId of [...this.timers.keys()]) this.cancel(paneId)
  }

  private async save(paneId: string): Promise<void> {
    const size = this.source.size(paneId)
    if (!size) return
    try {
      const data = boundScreen(await this.source.snapshot(paneId))
      if (this.gone.has(paneId)) return
      const screen: SavedScreen = { savedAt: new Date().toISOString(), ...size, data }
      await this.files.write(fileName(paneId), JSON.stringify(screen))
    } catch (error) {
      // A pane closed meanwhile, or the mirror is unavailable: the previous save stands.
      this.log.warn('screen not saved', { paneId, reason: error instanceof Error ? error.message : String(error) })
    }
  }

  private track(save: Promise<void>): void {
    this.saving.add(save)
    void save.finally(() => this.saving.delete(save))
  }

  private cancel(paneId: string): void {
    clearTimeout(this.timers.get(paneId))
    this.timers.delete(paneId)
  }
}
