import { readFileSync, renameSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import Conf from 'conf'
import { z } from 'zod'
import type { Logger } from '../log'

/** The settings file's shape; entries inside are checked one by one by their users. */
const SettingsShape = z.object({
  presets: z.array(z.unknown()).default([]),
  workspaces: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Folders panes were recently started in, newest first, by workspace folder. */
  recentFolders: z.record(z.string(), z.array(z.string())).default({}),
  hotkeys: z.record(z.string(), z.unknown()).default({}),
  /** Agents that crash are started again (with backoff); each pane can also turn it off. */
  autoRestart: z.boolean().default(true),
  /** The next start brings the saved panes back; off, it starts with an empty grid and keeps them aside. */
  restoreOnStart: z.boolean().default(true),
  /** The MCP server (src/main/mcp): on or off, its port (else the default), and how many open panes one client may have created. */
  mcp: z
    .object({
      enabled: z.boolean().default(true),
      port: z.number().int().min(0).max(65535).optional(),
      maxPanesPerClient: z.number().int().min(1).max(256).default(16)
    })
    .default({ enabled: true, maxPanesPerClient: 16 })
})
export type SettingsData = z.output<typeof SettingsShape>

/** An editor may write a file in steps: its changes are reported once they stop for this long. */
const HAND_EDIT_SETTLE_MS = 100

export interface SettingsProblem {
  /** What was affected: "settings file", or a preset's name. */
  subject: string
  reason: string
}

/**
 * The user's settings (presets, workspace defaults) in `<data dir>/settings.json`,
 * written atomically by conf (the engine under electron-store). A file that does not
 * parse or has the wrong shape is kept aside as a backup, reported, and replaced by
 * defaults, so the app always starts.
 */
export class SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>
  private readonly problems: SettingsProblem[] = []
  private readonly listeners = new Set<() => void>()
  private readonly watcher: FSWatcher
  private handEdit: NodeJS.Timeout | undefined

  constructor(
    dataDir: string,
    private readonly log: Logger
  ) {
    this.conf = this.open(dataDir)
    // Our own writes. Not onDidAnyChange: it re-reads the file inside conf's own handler,
    // where a file broken by hand would throw past us and take the host down.
    this.conf.events.addEventListener('change', () => this.changed())
    this.watcher = this.watchHandEdits()
  }

  get path(): string {
    return this.conf.path
  }

  /** Problems with the file (a corrupt one set aside), oldest first, until it reads clean with other content. */
  fileProblems(): SettingsProblem[] {
    return [...this.problems]
  }

  read(): SettingsData {
    const parsed = SettingsShape.safeParse(this.readRaw())
    if (parsed.success) return parsed.data
    this.setAside(`its content has the wrong shape (${parsed.error.issues[0]?.message ?? 'invalid'})`)
    return SettingsShape.parse({})
  }

  update(change: (data: SettingsData) => SettingsData): void {
    this.conf.store = change(this.read())
  }

  /** Called on any change: ours, or an edit of the file by hand (noticed within ~100 ms). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.watcher.close()
    clearTimeout(this.handEdit)
    this.listeners.clear()
  }

  /**
   * Edits by hand, through fs.watch on the folder (inotify on Linux). conf's own watcher
   * polls the file on Linux every 5 s and misses an edit made before its first poll has
   * completed. The folder, not the file: conf saves by renaming a new file over the old one.
   */
  private watchHandEdits(): FSWatcher {
    const name = basename(this.conf.path)
    const watcher = watch(dirname(this.conf.path), { persistent: false }, (_event, file) => {
      if (file !== name) return
      clearTimeout(this.handEdit)
      this.handEdit = setTimeout(() => this.changed(), HAND_EDIT_SETTLE_MS)
    })
    watcher.on('error', (error) => this.log.warn('settings file watcher failed', { reason: reasonOf(error) }))
    return watcher
  }

  private changed(): void {
    this.forgetFixedFile()
    for (const listener of this.listeners) {
      try {
        listener()
      } catch (error) {
        this.log.error('settings change listener failed', { reason: reasonOf(error) })
      }
    }
  }

  /** A file set aside was replaced by settings that read clean (fixed by hand, or a save): the report is out of date. */
  private forgetFixedFile(): void {
    if (this.problems.length === 0) return
    let text: string
    try {
      text = readFileSync(this.conf.path, 'utf8')
    } catch {
      return
    }
    if (!holdsSettings(text)) return
    this.problems.length = 0
    this.log.info('settings file problems cleared: the file reads clean again')
  }

  private open(dataDir: string): Conf<Record<string, unknown>> {
    const options = { projectName: 'tessera', cwd: dataDir, configName: 'settings' }
    try {
      return new Conf(options)
    } catch (error) {
      this.setAsideFile(`${dataDir}/settings.json`, reasonOf(error))
      return new Conf(options)
    }
  }

  private readRaw(): unknown {
    try {
      return this.conf.store
    } catch (error) {
      this.setAside(reasonOf(error))
      return {}
    }
  }

  private setAside(reason: string): void {
    this.setAsideFile(this.conf.path, reason)
    this.conf.store = {}
  }

  private setAsideFile(path: string, reason: string): void {
    const backup = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(path, backup)
    const message = `The settings file could not be read (${reason}). It was kept as ${backup} and defaults are used.`
    this.problems.push({ subject: 'settings file', reason: message })
    this.log.warn('settings file set aside', { path, backup, reason })
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Settings that read clean and say something: not the empty file written over one set aside. */
function holdsSettings(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text)
    return SettingsShape.safeParse(parsed).success && Object.keys(parsed as object).length > 0
  } catch {
    return false
  }
}
