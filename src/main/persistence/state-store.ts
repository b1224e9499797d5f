import { mkdirSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../log'
import { removeTempFiles } from './atomic-file'
import type { DocumentSpec, StateProblem } from './document-spec'
import { acquireStateLock, StateLockError, type StateLock } from './state-lock'
import { StateDocument } from './state-document'
import { StateFiles } from './state-files'

/** The data dir cannot hold Tessera's state (read-only, a file in the way, no permission). */
export class StateDirError extends Error {
  constructor(dataDir: string, reason: string) {
    super(`Tessera cannot keep its state in ${dataDir}: ${reason}. Choose a writable folder with --data-dir.`)
    this.name = 'StateDirError'
  }
}

/**
 * Durable state under `<data dir>/state/`, one lowdb document per concern. Opening takes the
 * data dir's one writer lock, so two hosts never write the same files.
 */
export class StateStore {
  private readonly documents = new Map<string, StateDocument<unknown>>()
  private readonly fileFolders = new Map<string, StateFiles>()
  private closed = false

  private constructor(
    readonly folder: string,
    private readonly lock: StateLock,
    private readonly log: Logger
  ) {}

  /** Throws StateLockError when another live host holds the dir, StateDirError when it cannot be written. */
  static open(dataDir: string, log: Logger): StateStore {
    const folder = join(dataDir, 'state')
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 })
    } catch (error) {
      throw new StateDirError(dataDir, reasonOf(error))
    }
    let lock: StateLock
    try {
      lock = acquireStateLock(dataDir)
    } catch (error) {
      if (error instanceof StateLockError) throw error
      throw new StateDirError(dataDir, reasonOf(error))
    }
    removeTempFiles(folder)
    return new StateStore(folder, lock, log)
  }

  /** Opens (reads and validates) a document; each name once per store. */
  document<T>(spec: DocumentSpec<T>): StateDocument<T> {
    if (this.closed) throw new Error('The state store is closed')
    if (this.documents.has(spec.name)) throw new Error(`State document "${spec.name}" is already open`)
    const document = new StateDocument(join(this.folder, `${spec.name}.json`), spec, (path, error) =>
      this.log.warn('state write failed', { path, reason: reasonOf(error) })
    )
    if (document.problem) this.log.warn('state document problem', { ...document.problem })
    this.documents.set(spec.name, document as StateDocument<unknown>)
    return document
  }

  /** A folder of whole files (screen snapshots, say) under `state/<name>/`; each name once per store. */
  files(name: string): StateFiles {
    if (this.closed) throw new Error('The state store is closed')
    if (this.fileFolders.has(name)) throw new Error(`State folder "${name}" is already open`)
    const files = new StateFiles(join(this.folder, name), (path, error) => this.log.warn('state write failed', { path, reason: reasonOf(error) }))
    this.fileFolders.set(name, files)
    return files
  }

  /**
   * Moves everything saved so far into `state/set-aside-<time>/` (to start with an empty
   * workspace without losing the old one); returns that folder, or undefined when nothing
   * was saved. Only before any document or folder is opened.
   */
  setAside(): string | undefined {
    if (this.documents.size > 0 || this.fileFolders.size > 0) throw new Error('Set the saved state aside before opening it')
    const saved = readdirSync(this.folder).filter((name) => !name.startsWith('.') && !name.startsWith(SET_ASIDE_PREFIX))
    if (saved.length === 0) return undefined
    const aside = join(this.folder, `${SET_ASIDE_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}`)
    mkdirSync(aside, { mode: 0o700 })
    for (const name of saved) renameSync(join(this.folder, name), join(aside, name))
    this.log.info('saved state set aside', { folder: aside })
    return aside
  }

  /** What opening the documents found wrong, for the user. */
  problems(): StateProblem[] {
    return [...this.documents.values()].flatMap((document) => (document.problem ? [document.problem] : []))
  }

  flushSync(): void {
    for (const document of this.documents.values()) document.flushSync()
  }

  async flush(): Promise<void> {
    await Promise.all([...this.documents.values()].map((document) => document.flush()))
  }

  /** Writes what is pending, stops writing and releases the lock. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const document of this.documents.values()) document.close()
    for (const files of this.fileFolders.values()) files.close()
    this.lock.release()
  }
}

const SET_ASIDE_PREFIX = 'set-aside-'

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
