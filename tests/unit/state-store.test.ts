import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readProcess } from '../../src/main/pty'
import { LOCK_FILE, MIN_WRITE_INTERVAL_MS, StateDirError, StateLockError, StateStore } from '../../src/main/persistence'
import { captureLog } from '../support/log-capture'
import { notesDocument } from '../support/state-documents'

const opened: StateStore[] = []
afterEach(() => {
  for (const store of opened.splice(0)) store.close()
})

function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tessera-state-'))
}

function open(dir: string): StateStore {
  const store = StateStore.open(dir, captureLog().log)
  opened.push(store)
  return store
}

function notesFile(dir: string): string {
  return join(dir, 'state', 'notes.json')
}

/** Writes a notes file as some earlier run left it. */
function leave(dir: string, text: string): void {
  open(dir).close()
  writeFileSync(notesFile(dir), text)
}

function backups(dir: string): string[] {
  return readdirSync(join(dir, 'state')).filter((name) => name.startsWith('notes.json.corrupt-'))
}

describe('state documents', () => {
  it('starts a missing document from its defaults and writes changes as a versioned envelope', async () => {
    const dir = dataDir()
    const notes = open(dir).document(notesDocument)
    expect(notes.get()).toEqual({ notes: [] })
    expect(notes.problem).toBeUndefined()
    notes.set({ notes: ['a'] })
    await notes.flush()
    expect(JSON.parse(readFileSync(notesFile(dir), 'utf8'))).toEqual({ schemaVersion: 2, data: { notes: ['a'] } })
  })

  it('reads back what a closed store wrote', () => {
    const dir = dataDir()
    const first = open(dir)
    first.document(notesDocument).set({ notes: ['kept'] })
    first.close()
    expect(open(dir).document(notesDocument).get()).toEqual({ notes: ['kept'] })
  })

  it('sets truncated JSON aside, says where, and starts from defaults', () => {
    const dir = dataDir()
    const truncated = '{"schemaVersion":2,"data":{"notes":["a'
    leave(dir, truncated)
    const notes = open(dir).document(notesDocument)
    expect(notes.get()).toEqual({ notes: [] })
    const [backup] = backups(dir)
    expect(backup).toBeDefined()
    expect(readFileSync(join(dir, 'state', backup as string), 'utf8')).toBe(truncated)
    expect(notes.problem?.message).toContain('not valid JSON')
    expect(notes.problem?.message).toContain(join(dir, 'state', backup as string))
    expect(existsSync(notesFile(dir))).toBe(false)
  })

  it('sets valid JSON with the wrong schema aside', () => {
    const dir = dataDir()
    leave(dir, JSON.stringify({ schemaVersion: 2, data: { notes: 'not a list' } }))
    const store = open(dir)
    const notes = store.document(notesDocument)
    expect(notes.get()).toEqual({ notes: [] })
    expect(backups(dir)).toHaveLength(1)
    expect(store.problems()).toEqual([expect.objectContaining({ document: 'notes', message: expect.stringContaining('wrong shape: notes') })])
  })

  it('sets a file without the envelope aside', () => {
    const dir = dataDir()
    leave(dir, JSON.stringify({ notes: ['no version'] }))
    const notes = open(dir).document(notesDocument)
    expect(notes.problem?.message).toContain('not a Tessera state file')
    expect(backups(dir)).toHaveLength(1)
  })

  it('migrates an older schema version', () => {
    const dir = dataDir()
    leave(dir, JSON.stringify({ schemaVersion: 1, data: { note: 'old' } }))
    const notes = open(dir).document(notesDocument)
    expect(notes.get()).toEqual({ notes: ['old'] })
    expect(notes.problem).toBeUndefined()
  })

  it('leaves a future schema version untouched and never writes over it', () => {
    const dir = dataDir()
    const future = JSON.stringify({ schemaVersion: 3, data: { shape: 'unknown to us' } })
    leave(dir, future)
    const store = open(dir)
    const notes = store.document(notesDocument)
    expect(notes.get()).toEqual({ notes: [] })
    expect(notes.problem?.message).toContain('newer Tessera (schema 3')
    notes.set({ notes: ['mine'] })
    store.close()
    expect(readFileSync(notesFile(dir), 'utf8')).toBe(future)
    expect(backups(dir)).toEqual([])
  })

  it('lets a synchronous flush win over an older write still in flight', async () => {
    const dir = dataDir()
    const notes = open(dir).document(notesDocument)
    notes.set({ notes: ['older'] })
    const older = notes.flush()
    notes.set({ notes: ['newer'] })
    notes.flushSync()
    await older
    expect(JSON.parse(readFileSync(notesFile(dir), 'utf8')).data).toEqual({ notes: ['newer'] })
    expect(readdirSync(join(dir, 'state')).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('writes a change within 250 ms without being asked, and a burst as a few writes', async () => {
    const dir = dataDir()
    const notes = open(dir).document(notesDocument)
    const renames: number[] = []
    const watcher = watch(join(dir, 'state'), (_event, name) => {
      if (name === 'notes.json') renames.push(Date.now())
    })
    try {
      const changed = Date.now()
      notes.set({ notes: ['first'] })
      await notes.flush()
      expect((renames[0] ?? Infinity) - changed).toBeLessThan(250)
      const burst = Date.now()
      for (let i = 0; i < 50; i++) notes.set({ notes: [`burst ${i}`] })
      await notes.flush()
      const elapsed = Date.now() - burst
      // One write per interval at most (the rename shows as up to two events per write).
      expect(renames.length - 1).toBeLessThanOrEqual(2 * (Math.ceil(elapsed / MIN_WRITE_INTERVAL_MS) + 1))
      expect(JSON.parse(readFileSync(notesFile(dir), 'utf8')).data).toEqual({ notes: ['burst 49'] })
    } finally {
      watcher.close()
    }
  })
})

describe('the data dir', () => {
  // Tests run as root, where chmod does not stop a write: a data dir below a plain file can
  // never be created, for root too.
  it('gives a clear error when the data dir cannot be created', () => {
    const file = join(dataDir(), 'a-file')
    writeFileSync(file, '')
    const attempt = (): StateStore => open(join(file, 'data'))
    expect(attempt).toThrow(StateDirError)
    expect(attempt).toThrow(`Tessera cannot keep its state in ${join(file, 'data')}`)
  })

  it('refuses a second store on the same dir, naming the holder', () => {
    const dir = dataDir()
    const first = open(dir)
    const startTime = readProcess(process.pid)?.startTime ?? ''
    expect(() => open(dir)).toThrow(StateLockError)
    expect(() => open(dir)).toThrow(`pid ${process.pid}, started at clock tick ${startTime}`)
    first.close()
    expect(() => open(dir)).not.toThrow()
  })

  it('takes over a lock whose holder is gone', async () => {
    const dir = dataDir()
    const child = spawn('true')
    const pid = child.pid as number
    await new Promise((done) => child.once('exit', done))
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, startTime: '1' }))
    open(dir)
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid })
  })

  it('takes over a lock whose pid now names another process', () => {
    const dir = dataDir()
    // Our own pid with a start time that is not ours: the holder died and its pid was reused.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, startTime: '1' }))
    open(dir)
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, startTime: readProcess(process.pid)?.startTime })
  })

  it('releases the lock on close', () => {
    const dir = dataDir()
    open(dir).close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })
})
