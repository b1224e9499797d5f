import { renameSync } from 'node:fs'
import Conf from 'conf'
import { z } from 'zod'
import type { Logger } from '../log'

/** The settings file's shape; entries inside are checked one by one by their users. */
const SettingsShape = z.object({
  presets: z.array(z.unknown()).default([]),
  workspaces: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  hotkeys: z.record(z.string(), z.unknown()).default({})
})
export type SettingsData = z.output<typeof SettingsShape>

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

  constructor(
    dataDir: string,
    private readonly log: Logger
  ) {
    this.conf = this.open(dataDir)
    // Not onDidAnyChange: it re-reads the file inside conf's own handler, where a file
    // broken by hand would throw past us and take the host down.
    this.conf.events.addEventListener('change', () => this.changed())
  }

  get path(): string {
    return this.conf.path
  }

  /** Problems found since start (a corrupt file, say), oldest first. */
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

  /** Called on any change: ours, or an edit of the file by hand (noticed within seconds). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.conf._closeWatcher()
    this.listeners.clear()
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener()
      } catch (error) {
        this.log.error('settings change listener failed', { reason: reasonOf(error) })
      }
    }
  }

  private open(dataDir: string): Conf<Record<string, unknown>> {
    const options = { projectName: 'tessera', cwd: dataDir, configName: 'settings', watch: true }
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
