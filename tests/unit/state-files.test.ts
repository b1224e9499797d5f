import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StateFiles, StateStore } from '../../src/main/persistence'
import { panesDocument } from '../../src/main/recovery'
import { captureLog } from '../support/log-capture'
import { notesDocument } from '../support/state-documents'

/** A write whose temp file is on disk but not yet renamed into place, until the test lets it go. */
interface HeldWrite {
  /** Resolves once the temp file is written (and fsynced). */
  written: Promise<void>
  release(): void
}

// The next write is held between writing its temp file and renaming it, so a test orders
// writes by awaiting instead of hoping one is slower than another.
const gate = vi.hoisted(() => ({ next: undefined as { written: () => void; released: Promise<void> } | undefined }))

vi.mock('../../src/main/persistence/atomic-file', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/main/persistence/atomic-file')>()
  return {
    ...actual,
    writeTempFile: async (path: string, text: string): Promise<string> => {
      const hold = gate.next
      gate.next = undefined
      const temp = await actual.writeTempFile(path, text)
      hold?.written()
      await hold?.released
      return temp
    }
  }
})

function holdNextWrite(): HeldWrite {
  let written = (): void => undefined
  let release = (): void => undefined
  const writtenPromise = new Promise<void>((resolve) => (written = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  gate.next = { written, released }
  return { written: writtenPromise, release }
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

function newFiles(): { files: StateFiles; errors: unknown[] } {
  const errors: unknown[] = []
  return { files: new StateFiles(join(tempDir('tessera-files-'), 'screens'), (_path, error) => errors.push(error)), errors }
}

const tempFilesIn = (folder: string): string[] => readdirSync(folder).filter((name) => name.endsWith('.tmp'))

describe('StateFiles', () => {
  afterEach(() => {
    gate.next = undefined
  })

  it('writes a file whole, through a temp file renamed in place', async () => {
    const { files, errors } = newFiles()
    await files.write('a.json', 'old')
    const big = 'x'.repeat(4 * 1024 * 1024)
    const held = holdNextWrite()
    const writing = files.write('a.json', big)
    await held.written
    // The new text is complete in a temp file; the file itself still holds the old text.
    expect(tempFilesIn(files.folder)).toHaveLength(1)
    expect(files.read('a.json')).toBe('old')
    held.release()
    await writing
    expect(files.read('a.json')).toBe(big)
    expect(tempFilesIn(files.folder)).toEqual([])
    expect(files.names()).toEqual(['a.json'])
    expect(errors).toEqual([])
  })

  it('drops an older write that finishes after a newer one', async () => {
    const { files } = newFiles()
    const held = holdNextWrite()
    const older = files.write('a.json', 'older')
    await held.written
    await files.write('a.json', 'newer')
    expect(files.read('a.json')).toBe('newer')
    held.release()
    await older
    expect(files.read('a.json')).toBe('newer')
    expect(tempFilesIn(files.folder)).toEqual([])
  })

  it('orders writes per name: a newer write to another file does not drop this one', async () => {
    const { files } = newFiles()
    const held = holdNextWrite()
    const first = files.write('a.json', 'a')
    await held.written
    await files.write('b.json', 'b')
    held.release()
    await first
    expect(files.read('a.json')).toBe('a')
    expect(files.read('b.json')).toBe('b')
  })

  it('does not write a removed file back when an older write finishes after the remove', async () => {
    const { files } = newFiles()
    await files.write('a.json', 'saved')
    const held = holdNextWrite()
    const late = files.write('a.json', 'late')
    await held.written
    files.remove('a.json')
    expect(existsSync(files.path('a.json'))).toBe(false)
    held.release()
    await late
    expect(existsSync(files.path('a.json'))).toBe(false)
    expect(files.read('a.json')).toBeUndefined()
    expect(tempFilesIn(files.folder)).toEqual([])
  })

  it('writes a file again after it was removed', async () => {
    const { files } = newFiles()
    await files.write('a.json', 'first')
    files.remove('a.json')
    await files.write('a.json', 'second')
    expect(files.read('a.json')).toBe('second')
  })

  it('removes temp files a killed writer left in the folder when it is opened, and nothing else', () => {
    const folder = join(tempDir('tessera-files-'), 'screens')
    mkdirSync(folder)
    writeFileSync(join(folder, '.a.json.4242-7.tmp'), 'half a scr')
    writeFileSync(join(folder, '.b.json.4242-8.tmp'), '')
    writeFileSync(join(folder, 'a.json'), 'whole')
    const files = new StateFiles(folder, () => undefined)
    expect(readdirSync(folder)).toEqual(['a.json'])
    expect(files.read('a.json')).toBe('whole')
  })

  it('ignores writes after close', async () => {
    const { files } = newFiles()
    await files.write('a.json', 'before')
    files.close()
    await files.write('a.json', 'after')
    expect(files.read('a.json')).toBe('before')
  })
})

describe('StateStore.setAside', () => {
  const opened: StateStore[] = []
  afterEach(() => {
    vi.useRealTimers()
    for (const store of opened.splice(0)) store.close()
  })

  function open(dataDir: string): StateStore {
    const store = StateStore.open(dataDir, captureLog().log)
    opened.push(store)
    return store
  }

  /** A state folder as a host left it: both documents and a screen. */
  function leaveState(dataDir: string): string {
    const state = join(dataDir, 'state')
    mkdirSync(join(state, 'screens'), { recursive: true })
    writeFileSync(join(state, 'panes.json'), 'panes text')
    writeFileSync(join(state, 'workspace.json'), 'workspace text')
    writeFileSync(join(state, 'screens', 'pane-1.json'), 'screen text')
    return state
  }

  it('moves panes.json, workspace.json and the screens into set-aside-<time>/ and returns it', () => {
    const dataDir = tempDir('tessera-aside-')
    const state = leaveState(dataDir)
    const aside = open(dataDir).setAside()
    expect(aside).toBeDefined()
    const folder = aside as string
    expect(folder.startsWith(join(state, 'set-aside-'))).toBe(true)
    expect(readFileSync(join(folder, 'panes.json'), 'utf8')).toBe('panes text')
    expect(readFileSync(join(folder, 'workspace.json'), 'utf8')).toBe('workspace text')
    expect(readFileSync(join(folder, 'screens', 'pane-1.json'), 'utf8')).toBe('screen text')
    expect(readdirSync(state)).toEqual([folder.slice(state.length + 1)])
  })

  it('then starts the documents empty', () => {
    const dataDir = tempDir('tessera-aside-')
    const first = open(dataDir)
    first.document(notesDocument).set({ notes: ['kept aside'] })
    first.close()
    const store = open(dataDir)
    const aside = store.setAside() as string
    expect(store.document(notesDocument).get()).toEqual({ notes: [] })
    expect(JSON.parse(readFileSync(join(aside, 'notes.json'), 'utf8'))).toEqual({ schemaVersion: 2, data: { notes: ['kept aside'] } })
  })

  it('leaves earlier set-aside folders where they are', () => {
    const dataDir = tempDir('tessera-aside-')
    // Folder names carry the time to the millisecond: the second start comes a second later.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-02T03:04:05.006Z'))
    leaveState(dataDir)
    const first = open(dataDir).setAside() as string
    opened.splice(0).forEach((store) => store.close())
    const state = leaveState(dataDir)
    vi.setSystemTime(new Date('2026-01-02T03:04:06.006Z'))
    const second = open(dataDir).setAside() as string
    vi.useRealTimers()
    expect(first.endsWith('set-aside-2026-01-02T03-04-05-006Z')).toBe(true)
    expect(readdirSync(state).sort()).toEqual([first, second].map((folder) => folder.slice(state.length + 1)).sort())
    expect(readdirSync(first).sort()).toEqual(['panes.json', 'screens', 'workspace.json'])
  })

  it('returns undefined and creates nothing when nothing was saved', () => {
    const dataDir = tempDir('tessera-aside-')
    const store = open(dataDir)
    expect(store.setAside()).toBeUndefined()
    expect(readdirSync(join(dataDir, 'state'))).toEqual([])
  })

  it('refuses once a document was opened', () => {
    const dataDir = tempDir('tessera-aside-')
    const state = leaveState(dataDir)
    const store = open(dataDir)
    store.document(panesDocument)
    expect(() => store.setAside()).toThrow(/before opening/)
    expect(existsSync(join(state, 'workspace.json'))).toBe(true)
  })

  it('refuses once a folder of files was opened', () => {
    const dataDir = tempDir('tessera-aside-')
    leaveState(dataDir)
    const store = open(dataDir)
    store.files('screens')
    expect(() => store.setAside()).toThrow(/before opening/)
  })
})
