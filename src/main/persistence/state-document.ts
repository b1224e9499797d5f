import { LowSync, type SyncAdapter } from 'lowdb'
import { commitTempFile, commitTempFileSync, discardTempFile, writeTempFile, writeTempFileSync } from './atomic-file'
import type { DocumentSpec, StateProblem } from './document-spec'
import { readDocument } from './read-document'

/**
 * Writes start at most this long after the previous one started, so a burst of changes (a
 * divider dragged) costs a few writes, and a single change is on disk within one write.
 */
export const MIN_WRITE_INTERVAL_MS = 100

/** lowdb's view of one file: reads validate (readDocument), writes are durable and atomic. */
class DocumentFile<T> implements SyncAdapter<T> {
  problem: StateProblem | undefined
  writable = true

  constructor(
    readonly path: string,
    private readonly spec: DocumentSpec<T>
  ) {}

  read(): T | null {
    const result = readDocument(this.path, this.spec)
    this.problem = result.problem
    this.writable = result.writable
    return result.data ?? null
  }

  write(data: T): void {
    commitTempFileSync(writeTempFileSync(this.path, this.text(data)), this.path)
  }

  text(data: T): string {
    return JSON.stringify({ schemaVersion: this.spec.schemaVersion, data })
  }
}

/**
 * One persisted document: its data in memory (a lowdb document), every change written
 * behind it within MIN_WRITE_INTERVAL_MS plus the write itself. Writes are numbered, and an
 * older write that finishes after a newer one is dropped rather than renamed over it.
 */
export class StateDocument<T> {
  private readonly db: LowSync<T>
  private readonly file: DocumentFile<T>
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  private dirty = false
  private closed = false
  private lastWriteStart = 0
  private issued = 0
  private committed = 0

  constructor(
    path: string,
    spec: DocumentSpec<T>,
    private readonly onWriteError: (document: string, error: unknown) => void
  ) {
    this.file = new DocumentFile(path, spec)
    this.db = new LowSync(this.file, spec.defaults())
    this.db.read()
  }

  get path(): string {
    return this.file.path
  }

  /** What reading the file on open found wrong, if anything. */
  get problem(): StateProblem | undefined {
    return this.file.problem
  }

  get(): T {
    return this.db.data
  }

  set(data: T): void {
    this.db.data = data
    this.changed()
  }

  /** Resolves once every change so far is on disk (tests, benchmarks). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.writing) await this.writing
      else if (this.timer) await this.writeNow()
      else return
    }
  }

  /** Writes now, synchronously: for quit, when no timer will run again. */
  flushSync(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const unsettled = this.dirty || this.issued > this.committed
    if (!this.file.writable || this.closed || !unsettled) return
    this.dirty = false
    const generation = ++this.issued
    try {
      this.db.write()
      this.committed = generation
    } catch (error) {
      this.onWriteError(this.file.path, error)
    }
  }

  /** Flushes and stops writing: later changes stay in memory only. */
  close(): void {
    this.flushSync()
    this.closed = true
  }

  private changed(): void {
    if (!this.file.writable || this.closed) return
    this.dirty = true
    if (this.timer || this.writing) return
    const wait = Math.max(0, this.lastWriteStart + MIN_WRITE_INTERVAL_MS - Date.now())
    this.timer = setTimeout(() => void this.writeNow(), wait)
  }

  private async writeNow(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.dirty || this.closed) return
    this.dirty = false
    this.lastWriteStart = Date.now()
    const generation = ++this.issued
    const text = this.file.text(this.db.data)
    this.writing = this.write(text, generation)
    await this.writing
    this.writing = undefined
    // Changes made during the write: schedule the next one.
    if (this.dirty) this.changed()
  }

  private async write(text: string, generation: number): Promise<void> {
    try {
      const temp = await writeTempFile(this.file.path, text)
      // A synchronous flush wrote newer data meanwhile.
      if (this.committed > generation) return discardTempFile(temp)
      this.committed = generation
      await commitTempFile(temp, this.file.path)
    } catch (error) {
      this.onWriteError(this.file.path, error)
    }
  }
}
