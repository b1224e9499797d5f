import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { commitTempFile, discardTempFile, removeTempFiles, writeTempFile } from './atomic-file'

/**
 * A folder of whole files under `state/` (screen snapshots, say), each written durably
 * and atomically like the documents. Writes to one name are ordered: an older write
 * that finishes after a newer one is dropped, and a removed file is not written back.
 */
export class StateFiles {
  /** The newest write or remove issued per name; a write renames only while it is still the newest. */
  private readonly latest = new Map<string, number>()
  private issued = 0
  private closed = false

  constructor(
    readonly folder: string,
    private readonly onWriteError: (path: string, error: unknown) => void
  ) {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    removeTempFiles(folder)
  }

  path(name: string): string {
    return join(this.folder, name)
  }

  names(): string[] {
    return readdirSync(this.folder).filter((name) => !name.startsWith('.'))
  }

  /** The file's text, or undefined when it does not exist or cannot be read. */
  read(name: string): string | undefined {
    try {
      return readFileSync(this.path(name), 'utf8')
    } catch {
      return undefined
    }
  }

  async write(name: string, text: string): Promise<void> {
    if (this.closed) return
    const generation = ++this.issued
    this.latest.set(name, generation)
    const path = this.path(name)
    try {
      const temp = await writeTempFile(path, text)
      if (this.closed || this.latest.get(name) !== generation) return discardTempFile(temp)
      await commitTempFile(temp, path)
    } catch (error) {
      this.onWriteError(path, error)
    }
  }

  remove(name: string): void {
    this.latest.set(name, ++this.issued)
    discardTempFile(this.path(name))
  }

  /** Later writes are ignored (the lock is about to go to another host). */
  close(): void {
    this.closed = true
  }
}
