import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StateFiles } from '../../src/main/persistence'
import { boundScreen, MAX_SCREEN_CHARS, SCREEN_SAVE_INTERVAL_MS, ScreenSaver, type SavedScreen, type ScreenSource } from '../../src/main/recovery'
import { captureLog } from '../support/log-capture'

const RESET = '\x1b[0m'

describe('boundScreen', () => {
  const lines = (count: number): string => Array.from({ length: count }, (_, i) => `\x1b[32mline ${i}\x1b[0m\r\n`).join('')

  it('returns a screen under the cap unchanged', () => {
    const data = lines(10)
    expect(boundScreen(data, data.length + 1)).toBe(data)
    expect(boundScreen(data, data.length)).toBe(data)
  })

  /** The longest run of whole lines at the end of data that fits in cap. */
  function newestWholeLines(data: string, cap: number): string {
    let start = data.length
    for (;;) {
      const previous = data.lastIndexOf('\n', start - 2) + 1
      if (start === 0 || data.length - previous > cap) return data.slice(start)
      start = previous
    }
  }

  it('keeps the newest whole lines of a screen over the cap, after an SGR reset', () => {
    const data = lines(1000)
    const cap = 5000
    // The cut falls inside a line.
    expect(data[data.length - cap - 1]).not.toBe('\n')
    const bounded = boundScreen(data, cap)
    expect(bounded.startsWith(RESET)).toBe(true)
    expect(bounded.length).toBeLessThanOrEqual(cap + RESET.length)
    const kept = bounded.slice(RESET.length)
    expect(kept).toBe(newestWholeLines(data, cap))
    expect(kept.startsWith('\x1b[32mline ')).toBe(true)
    expect(kept.endsWith('line 999\x1b[0m\r\n')).toBe(true)
  })

  it('never grows past the cap plus the reset, even for one endless line', () => {
    const data = 'x'.repeat(10_000)
    const bounded = boundScreen(data, 4000)
    expect(bounded).toBe(`${RESET}${'x'.repeat(4000)}`)
  })

  it('bounds at MAX_SCREEN_CHARS by default', () => {
    const data = `${'y'.repeat(99)}\n`.repeat(Math.ceil(MAX_SCREEN_CHARS / 100) + 10)
    const bounded = boundScreen(data)
    expect(bounded.length).toBeLessThanOrEqual(MAX_SCREEN_CHARS + RESET.length)
    expect(bounded.length).toBeGreaterThan(MAX_SCREEN_CHARS - 100)
    expect(bounded.slice(RESET.length).startsWith('y'.repeat(99))).toBe(true)
  })
})

/** A pane's mirror, as the ScreenSaver sees it: a size, and a snapshot a test can hold back. */
class FakeScreens implements ScreenSource {
  readonly screens = new Map<string, string>()
  readonly sizes = new Map<string, { cols: number; rows: number }>()
  /** Every pane id a snapshot was asked for, in order. */
  readonly asked: string[] = []
  private held: { promise: Promise<string>; resolve: (data: string) => void } | undefined

  add(paneId: string, screen: string, size = { cols: 80, rows: 24 }): void {
    this.screens.set(paneId, screen)
    this.sizes.set(paneId, size)
  }

  /** The next snapshot resolves only when the test says (a save in flight). */
  holdNext(): (data: string) => void {
    let resolve = (_data: string): void => undefined
    const promise = new Promise<string>((done) => (resolve = done))
    this.held = { promise, resolve }
    return resolve
  }

  snapshot(paneId: string): Promise<string> {
    this.asked.push(paneId)
    const held = this.held
    this.held = undefined
    return held ? held.promise : Promise.resolve(this.screens.get(paneId) ?? '')
  }

  size(paneId: string): { cols: number; rows: number } | undefined {
    return this.sizes.get(paneId)
  }
}

describe('ScreenSaver', () => {
  const A = randomUUID()
  const B = randomUUID()
  const C = randomUUID()
  let files: StateFiles
  let source: FakeScreens
  let saver: ScreenSaver
  let writes: Promise<void>[]
  let logged: ReturnType<typeof captureLog>

  beforeEach(() => {
    // Only the saver's timers and clock are fake: file writes and setImmediate stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(new Date('2026-03-04T05:06:07.000Z'))
    files = new StateFiles(join(mkdtempSync(join(tmpdir(), 'tessera-screens-')), 'screens'), (path, error) => {
      throw new Error(`write to ${path} failed: ${String(error)}`)
    })
    writes = []
    const write = files.write.bind(files)
    vi.spyOn(files, 'write').mockImplementation((name, text) => {
      const written = write(name, text)
      writes.push(written)
      return written
    })
    source = new FakeScreens()
    source.add(A, 'screen of A')
    source.add(B, 'screen of B', { cols: 120, rows: 40 })
    source.add(C, 'screen of C')
    logged = captureLog()
    saver = new ScreenSaver(files, source, logged.log)
  })

  afterEach(() => {
    saver.dispose()
    vi.useRealTimers()
  })

  /** Lets saves whose snapshot resolved reach their write, then waits for every write. */
  async function settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve))
    await Promise.all(writes)
  }

  function onDisk(paneId: string): SavedScreen | undefined {
    const path = files.path(`${paneId}.json`)
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SavedScreen) : undefined
  }

  it('saves a pane that printed once, within the interval', async () => {
    saver.output(A)
    saver.output(A)
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS - 1)
    saver.output(A)
    expect(source.asked).toEqual([])
    vi.advanceTimersByTime(1)
    expect(source.asked).toEqual([A])
    await settled()
    const expected = { savedAt: '2026-03-04T05:06:09.000Z', cols: 80, rows: 24, data: 'screen of A' }
    expect(onDisk(A)).toEqual(expected)
    expect(saver.read(A)).toEqual(expected)
    // Quiet afterwards: nothing more to save.
    vi.advanceTimersByTime(10 * SCREEN_SAVE_INTERVAL_MS)
    expect(source.asked).toEqual([A])
  })

  it('saves at most once per interval while output keeps coming, and keeps the newest screen', async () => {
    const step = SCREEN_SAVE_INTERVAL_MS / 20
    for (let interval = 1; interval <= 5; interval++) {
      for (let i = 0; i < 20; i++) {
        source.screens.set(A, `screen ${interval}.${i}`)
        saver.output(A)
        vi.advanceTimersByTime(step)
      }
      expect(source.asked).toHaveLength(interval)
    }
    await settled()
    expect(onDisk(A)?.data).toBe('screen 5.19')
  })

  it('saves each pane on its own timer', () => {
    saver.output(A)
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS / 2)
    saver.output(B)
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS / 2)
    expect(source.asked).toEqual([A])
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS / 2)
    expect(source.asked).toEqual([A, B])
  })

  it('saves at once when the program exits, and calls off the pending save', async () => {
    saver.output(A)
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS / 2)
    source.screens.set(A, 'final screen')
    saver.exited(A)
    expect(source.asked).toEqual([A])
    await settled()
    expect(onDisk(A)?.data).toBe('final screen')
    vi.advanceTimersByTime(2 * SCREEN_SAVE_INTERVAL_MS)
    expect(source.asked).toEqual([A])
  })

  it('does not save a pane it cannot size (gone from the pane list)', async () => {
    const unknown = randomUUID()
    saver.exited(unknown)
    await settled()
    expect(source.asked).toEqual([])
    expect(onDisk(unknown)).toBeUndefined()
  })

  it('bounds what it saves', async () => {
    source.screens.set(A, `${'z'.repeat(79)}\n`.repeat(MAX_SCREEN_CHARS / 80 + 100))
    saver.exited(A)
    await settled()
    const data = onDisk(A)?.data ?? ''
    expect(data.startsWith(RESET)).toBe(true)
    expect(data.length).toBeLessThanOrEqual(MAX_SCREEN_CHARS + RESET.length)
  })

  it('removes the file of a closed pane', async () => {
    saver.exited(A)
    await settled()
    expect(onDisk(A)).toBeDefined()
    saver.closed(A)
    expect(onDisk(A)).toBeUndefined()
  })

  it('calls off the pending save of a closed pane', async () => {
    saver.output(A)
    saver.closed(A)
    vi.advanceTimersByTime(2 * SCREEN_SAVE_INTERVAL_MS)
    await settled()
    expect(source.asked).toEqual([])
    expect(onDisk(A)).toBeUndefined()
  })

  it('does not write back a save in flight when the pane closes', async () => {
    saver.exited(A)
    await settled()
    const resolve = source.holdNext()
    saver.output(A)
    vi.advanceTimersByTime(SCREEN_SAVE_INTERVAL_MS)
    expect(source.asked).toEqual([A, A])
    saver.closed(A)
    expect(onDisk(A)).toBeUndefined()
    resolve('the screen as it closed')
    await settled()
    expect(onDisk(A)).toBeUndefined()
    expect(files.write).toHaveBeenCalledTimes(1)
  })

  it('keeps only the screens of the panes it is told to', async () => {
    saver.exited(A)
    saver.exited(B)
    saver.exited(C)
    await settled()
    saver.keepOnly(new Set([B]))
    expect(files.names()).toEqual([`${B}.json`])
    expect(saver.read(B)?.data).toBe('screen of B')
  })

  it('reads a missing or malformed screen as none, and says so for a malformed one', async () => {
    expect(saver.read(A)).toBeUndefined()
    expect(logged.entries).toEqual([])
    await files.write(`${A}.json`, '{"savedAt":"2026-03-04T05:06:07.000Z","cols":80,"ro')
    await files.write(`${B}.json`, JSON.stringify({ savedAt: '2026-03-04T05:06:07.000Z', cols: 0, rows: 24, data: 'x' }))
    await files.write(`${C}.json`, JSON.stringify({ savedAt: '2026-03-04T05:06:07.000Z', cols: 80, rows: 24 }))
    expect(saver.read(A)).toBeUndefined()
    expect(saver.read(B)).toBeUndefined()
    expect(saver.read(C)).toBeUndefined()
    expect(logged.entries.filter((entry) => entry.level === 'warn')).toHaveLength(3)
  })

  it('saves every pane at quit, then nothing more', async () => {
    saver.output(A)
    await saver.saveAll([A, B])
    expect(source.asked.sort()).toEqual([A, B].sort())
    expect(onDisk(A)).toEqual({ savedAt: '2026-03-04T05:06:07.000Z', cols: 80, rows: 24, data: 'screen of A' })
    expect(onDisk(B)).toEqual({ savedAt: '2026-03-04T05:06:07.000Z', cols: 120, rows: 40, data: 'screen of B' })
    source.screens.set(A, 'printed while quitting')
    saver.output(A)
    saver.exited(B)
    vi.advanceTimersByTime(3 * SCREEN_SAVE_INTERVAL_MS)
    await settled()
    expect(source.asked).toHaveLength(2)
    expect(onDisk(A)?.data).toBe('screen of A')
  })

  it('waits for a save already under way at quit', async () => {
    const resolve = source.holdNext()
    saver.exited(C)
    let quit = false
    const quitting = saver.saveAll([A]).then(() => (quit = true))
    await settled()
    await new Promise((done) => setImmediate(done))
    expect(onDisk(A)?.data).toBe('screen of A')
    expect(quit).toBe(false)
    resolve('C as it exited')
    await quitting
    expect(onDisk(C)?.data).toBe('C as it exited')
  })

  it('does not wait for ever for a snapshot at quit', async () => {
    source.holdNext()
    const quitting = saver.saveAll([A])
    vi.advanceTimersByTime(10 * SCREEN_SAVE_INTERVAL_MS)
    await quitting
    expect(onDisk(A)).toBeUndefined()
  })
})
