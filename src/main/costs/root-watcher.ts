import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { isTranscript, listTranscripts, MAX_DEPTH } from './transcript-files'

/** The first change after a quiet spell is read this soon (a write often comes as a few events). */
const FIRST_DELAY_MS = 10
/** Later changes are read at most this often, however fast an agent writes. */
const THROTTLE_MS = 200

export interface RootWatcherEvents {
  /** Transcripts that may have changed (appended, created, replaced or deleted). */
  onFiles(paths: string[]): void
  onWarn(message: string, data?: Record<string, unknown>): void
}

/**
 * Watches projects folders for transcript changes without polling: one non-recursive
 * fs.watch per directory (Node's recursive watch on Linux adds one per file and stats each),
 * a watcher added for each new directory. A root that does not exist yet is awaited from
 * its nearest existing parent.
 */
export class RootWatcher {
  private readonly dirs = new Map<string, FSWatcher>()
  private readonly awaiting = new Map<string, FSWatcher>()
  private readonly pending = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private lastFlush = -Infinity

  constructor(private readonly events: RootWatcherEvents) {}

  /** Watches `root`; returns whether it exists now (else it is awaited, and scanned when it appears). */
  watch(root: string): boolean {
    if (this.dirs.has(root)) return true
    if (this.awaiting.has(root)) return false
    try {
      if (statSync(root).isDirectory()) return this.watchTree(root, 0), true
    } catch {
      // Not there yet.
    }
    this.awaitRoot(root)
    return false
  }

  close(): void {
    clearTimeout(this.timer)
    for (const watcher of [...this.dirs.values(), ...this.awaiting.values()]) watcher.close()
    this.dirs.clear()
    this.awaiting.clear()
  }

  private watchTree(dir: string, depth: number): void {
    if (this.dirs.has(dir)) return
    let watcher: FSWatcher
    try {
      watcher = watch(dir, (_event, name) => this.changed(dir, depth, name))
    } catch (error) {
      return this.events.onWarn('cannot watch a transcripts folder', { dir, error: String(error) })
    }
    watcher.on('error', () => this.unwatch(dir))
    this.dirs.set(dir, watcher)
    if (depth < MAX_DEPTH) for (const sub of subdirectories(dir)) this.watchTree(sub, depth + 1)
  }

  private changed(dir: string, depth: number, name: string | Buffer | null): void {
    if (name === null) return this.schedule(listTranscripts([dir]))
    const path = join(dir, name.toString())
    if (isTranscript(path)) return this.schedule([path])
    if (depth >= MAX_DEPTH) return
    if (isDirectory(path)) {
      // A new folder (a project, a session's subagents): its files may be written before its watcher starts.
      this.watchTree(path, depth + 1)
      this.schedule(listTranscripts([path]))
    } else if (this.dirs.has(path)) this.unwatch(path)
  }

  private unwatch(dir: string): void {
    for (const [watched, watcher] of this.dirs) {
      if (watched === dir || watched.startsWith(dir + sep)) {
        watcher.close()
        this.dirs.delete(watched)
      }
    }
  }

  /** Watches the nearest existing parent of a missing root for the next folder on the way to it. */
  private awaitRoot(root: string): void {
    let parent = dirname(root)
    while (!isDirectory(parent) && dirname(parent) !== parent) parent = dirname(parent)
    const next = relative(parent, root).split(sep)[0] ?? ''
    let watcher: FSWatcher
    const arrived = (): void => {
      if (this.awaiting.get(root) !== watcher) return
      watcher.close()
      this.awaiting.delete(root)
      if (this.watch(root)) this.schedule(listTranscripts([root]))
    }
    try {
      watcher = watch(parent, (_event, name) => {
        if (name === null || name.toString() === next) arrived()
      })
    } catch (error) {
      return this.events.onWarn('cannot watch for a transcripts folder', { root, parent, error: String(error) })
    }
    watcher.on('error', () => {
      watcher.close()
      if (this.awaiting.get(root) === watcher) this.awaiting.delete(root)
    })
    this.awaiting.set(root, watcher)
    // Made between the look for `parent` and the watch (mkdir -p makes each level at once): no event will say so.
    if (isDirectory(join(parent, next))) arrived()
  }

  private schedule(paths: string[]): void {
    for (const path of paths) this.pending.add(path)
    if (this.timer || this.pending.size === 0) return
    const wait = Math.max(FIRST_DELAY_MS, this.lastFlush + THROTTLE_MS - Date.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  private flush(): void {
    this.timer = undefined
    this.lastFlush = Date.now()
    const paths = [...this.pending]
    this.pending.clear()
    this.events.onFiles(paths)
  }
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name))
  } catch {
    return []
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
