import { mkdirSync, watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../log'
import { readCliSession, sessionFileName, type CliSession } from './session-file'

type Listener = (session: CliSession) => void

interface WatchedDir {
  watcher: FSWatcher
  /** By file name (`<pid>.json`). */
  listeners: Map<string, Listener>
}

/**
 * Watches the CLI's `sessions/` folders (one inotify watch per config dir, shared by
 * every pane using it) and reports a pane's file each time the CLI rewrites it.
 * Event-driven: nothing runs while the agents are quiet.
 */
export class CliSessionWatcher {
  private readonly dirs = new Map<string, WatchedDir>()

  constructor(private readonly log: Logger) {}

  watch(configDir: string, pid: number, listener: Listener): () => void {
    const dir = this.dirs.get(configDir) ?? this.open(configDir)
    if (!dir) return () => undefined
    const name = sessionFileName(pid)
    dir.listeners.set(name, listener)
    return () => {
      if (dir.listeners.get(name) === listener) dir.listeners.delete(name)
      if (dir.listeners.size === 0) this.close(configDir)
    }
  }

  dispose(): void {
    for (const configDir of [...this.dirs.keys()]) this.close(configDir)
  }

  private open(configDir: string): WatchedDir | undefined {
    const sessions = join(configDir, 'sessions')
    try {
      // The CLI creates it at its first turn; creating it first lets the watch start now.
      mkdirSync(sessions, { recursive: true })
      const listeners = new Map<string, Listener>()
      const watcher = watch(sessions, { persistent: false }, (_event, file) => {
        const listener = file ? listeners.get(file.toString()) : undefined
        if (listener && file) void this.report(configDir, file.toString(), listener)
      })
      watcher.on('error', (error) => this.log.warn('session folder watch failed', { sessions, message: error.message }))
      const dir = { watcher, listeners }
      this.dirs.set(configDir, dir)
      return dir
    } catch (error) {
      this.log.warn('cannot watch the CLI session folder', { sessions, message: error instanceof Error ? error.message : String(error) })
      return undefined
    }
  }

  private async report(configDir: string, file: string, listener: Listener): Promise<void> {
    const session = await readCliSession(configDir, Number(file.replace(/\.json$/, '')))
    // Still the same listener: the pane may have gone while the file was read.
    if (session && this.dirs.get(configDir)?.listeners.get(file) === listener) listener(session)
  }

  private close(configDir: string): void {
    this.dirs.get(configDir)?.watcher.close()
    this.dirs.delete(configDir)
  }
}
