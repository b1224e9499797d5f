import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CostEngine } from '../../src/main/costs/cost-engine'
import { TranscriptTail } from '../../src/main/costs/transcript-tail'
import { assistantLine, userLine } from '../support/transcript-lines'

// Tailing one transcript: only what was appended is read, an incomplete last line waits for
// the rest, and a truncated, rotated or rewritten file is read again from its start.

/** The tail's reading chunk (transcript-tail.ts): lines longer than it must still come whole. */
const CHUNK_BYTES = 4 * 1024 * 1024

const lines = new Map<number, string>()
/** Response n's line, the same text each time (the helper gives every line a new uuid). */
function line(n: number): string {
  let written = lines.get(n)
  if (written === undefined) {
    written = assistantLine({ sessionId: 's', messageId: `msg_${n}`, requestId: `req_${n}`, usage: { input: n, output: n } })
    lines.set(n, written)
  }
  return written
}
const text = (...lines: string[]): string => lines.map((one) => one + '\n').join('')

const tempDirs: string[] = []
// Some files here are several MB: do not leave them behind.
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tail-'))
  tempDirs.push(dir)
  return join(dir, 'session.jsonl')
}

/** Reads what the tail hands over now. */
function readNow(tail: TranscriptTail): string[] {
  const handed: string[] = []
  expect(tail.read((one) => handed.push(one))).toBe('read')
  return handed
}

/** An assistant line whose text is `size` characters long. */
function longLine(n: number, size: number): string {
  const data = JSON.parse(line(n)) as { message: { content: Array<{ text: string }> } }
  data.message.content = [{ text: 'x'.repeat(size) }]
  return JSON.stringify(data)
}

describe('TranscriptTail', () => {
  it('hands over the usage lines, then only what was appended', () => {
    const file = tempFile()
    writeFileSync(file, text(userLine('s', 'what does "usage" mean?'), line(1), '{"type":"summary"}', line(2)))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toEqual([line(1), line(2)])
    expect(readNow(tail)).toEqual([])
    appendFileSync(file, text(line(3), userLine('s', 'more'), line(4)))
    expect(readNow(tail)).toEqual([line(3), line(4)])
    expect(readNow(tail)).toEqual([])
  })

  it('keeps an incomplete last line until it completes', () => {
    const file = tempFile()
    const third = line(3)
    writeFileSync(file, text(line(1)) + third.slice(0, 40))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toEqual([line(1)])
    appendFileSync(file, third.slice(40, 200))
    expect(readNow(tail)).toEqual([])
    appendFileSync(file, third.slice(200) + '\n' + line(4).slice(0, 10))
    expect(readNow(tail)).toEqual([third])
    appendFileSync(file, line(4).slice(10) + '\n')
    expect(readNow(tail)).toEqual([line(4)])
  })

  it('reads a truncated file again from its start', () => {
    const file = tempFile()
    writeFileSync(file, text(line(1), line(2), line(3)))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toHaveLength(3)
    truncateSync(file, 0)
    expect(readNow(tail)).toEqual([])
    appendFileSync(file, text(line(4)))
    expect(readNow(tail)).toEqual([line(4)])
    // Cut in the middle of a line and written on past the old length: the rest is read whole.
    expect(line(4).indexOf('"usage"')).toBeGreaterThan(100)
    truncateSync(file, 100)
    appendFileSync(file, '\n' + text(line(5)))
    expect(statSync(file).size).toBeGreaterThan(line(4).length + 1)
    expect(readNow(tail)).toEqual([line(5)])
  })

  it('reads a file rewritten past its old length before the tail looked again', () => {
    const file = tempFile()
    writeFileSync(file, text(line(1), line(2)))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toEqual([line(1), line(2)])
    // Truncated and written anew, longer than before: only its start says it changed.
    writeFileSync(file, text(line(7), line(8), line(9)))
    expect(readNow(tail)).toEqual([line(7), line(8), line(9)])
  })

  it('reads a rotated file (a new inode under the same name) from its start', () => {
    const file = tempFile()
    writeFileSync(file, text(line(1), line(2), line(3)))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toHaveLength(3)
    const oldInode = statSync(file).ino
    writeFileSync(file + '.new', text(line(1), line(2), line(3), line(4)))
    renameSync(file + '.new', file)
    expect(statSync(file).ino).not.toBe(oldInode)
    expect(readNow(tail)).toEqual([line(1), line(2), line(3), line(4)])
  })

  it('reads a file deleted and written anew from its start, even when it gets its inode back', () => {
    const file = tempFile()
    writeFileSync(file, text(line(1), line(2)))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toHaveLength(2)
    unlinkSync(file)
    // ext4 hands a freed inode number straight back: the inode alone cannot tell.
    writeFileSync(file, text(line(5), line(6), line(7)))
    expect(readNow(tail)).toEqual([line(5), line(6), line(7)])
  })

  it('says when the file is missing, and reads it once it is there', () => {
    const file = tempFile()
    const tail = new TranscriptTail(file)
    expect(tail.read(() => undefined)).toBe('missing')
    writeFileSync(file, text(line(1)))
    expect(readNow(tail)).toEqual([line(1)])
  })

  it('hands over a line longer than the reading chunk whole', () => {
    const file = tempFile()
    const huge = longLine(1, CHUNK_BYTES + 100_000)
    writeFileSync(file, text(line(0), huge, line(2)))
    const tail = new TranscriptTail(file)
    const handed = readNow(tail)
    expect(handed.map((one) => one.length)).toEqual([line(0).length, huge.length, line(2).length])
    expect(handed[1] === huge).toBe(true)
    expect(handed[2]).toBe(line(2))
  })

  it('keeps an incomplete line longer than the chunk across reads', () => {
    const file = tempFile()
    const huge = longLine(1, CHUNK_BYTES + CHUNK_BYTES / 2)
    const half = Math.floor(huge.length * 0.7)
    writeFileSync(file, huge.slice(0, half))
    const tail = new TranscriptTail(file)
    expect(readNow(tail)).toEqual([])
    appendFileSync(file, huge.slice(half) + '\n' + text(line(2)))
    const handed = readNow(tail)
    expect(handed).toHaveLength(2)
    expect(handed[0] === huge).toBe(true)
    expect(handed[1]).toBe(line(2))
  })

  it('hands over each line once when the file spans several chunks', () => {
    const file = tempFile()
    // About 2.5 chunks of ~1 KB lines, so lines straddle each chunk boundary.
    const [before, after] = longLine(0, 0).split('"text":""') as [string, string]
    const written = Array.from({ length: 10_000 }, (_, n) => `${before}"text":"${n}${'x'.repeat(700 + (n % 300))}"${after}`)
    writeFileSync(file, text(...written))
    expect(statSync(file).size).toBeGreaterThan(2 * CHUNK_BYTES)
    const tail = new TranscriptTail(file)
    const read = readNow(tail)
    expect(read.length).toBe(written.length)
    expect(read.every((one, n) => one === written[n])).toBe(true)
  })
})

describe('the engine over a tail', () => {
  it('counts a line completed later once, and a file read again from its start once', () => {
    const file = tempFile()
    const engine = new CostEngine()
    const requests = (): number => engine.sessionCost(['s']).models.reduce((sum, model) => sum + model.requests, 0)
    writeFileSync(file, text(line(1)) + line(2).slice(0, 50))
    expect(engine.fileChanged(file)).toEqual(['s'])
    expect(requests()).toBe(1)
    appendFileSync(file, line(2).slice(50) + '\n')
    expect(engine.fileChanged(file)).toEqual(['s'])
    expect(requests()).toBe(2)
    // Nothing new: nothing read, nothing changed.
    expect(engine.fileChanged(file)).toEqual([])
    // Rotated to a copy with one more line: the old lines are read again but count once.
    writeFileSync(file + '.new', text(line(1), line(2), line(3)))
    renameSync(file + '.new', file)
    expect(engine.fileChanged(file)).toEqual(['s'])
    expect(requests()).toBe(3)
    // 1 + 2 + 3 input and output tokens.
    expect(engine.sessionCost(['s']).tokens).toEqual({ input: 6, output: 6, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 })
  })
})
