import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, it } from 'vitest'
import { readDocument } from '../../src/main/persistence/read-document'
import { bigDocument } from '../support/state-documents'

// The atomic writer killed mid-write, again and again: the document on disk must always be
// one whole write. Each child takes over its dead predecessor's lock.

const KILLS = 24
const CHILD = join(__dirname, '..', 'support', 'state-writer-child.ts')

/** Starts a writer and resolves once it is writing. */
async function startWriter(dir: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<never>((_done, fail) => child.once('exit', (code) => fail(new Error(`writer exited early with ${code}`))))
  const ready = new Promise<void>((done) => createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).once('line', () => done()))
  await Promise.race([ready, exited])
  return child
}

it('never leaves a half-written document when the writer is SIGKILLed', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-state-kill-'))
  const path = join(dir, 'state', 'big.json')
  const seen: number[] = []
  let midWrite = 0
  for (let kill = 0; kill < KILLS; kill++) {
    const child = await startWriter(dir)
    // A random moment while it writes ~1 MB documents back to back.
    await new Promise((done) => setTimeout(done, Math.random() * 150))
    const gone = new Promise((done) => child.once('exit', done))
    child.kill('SIGKILL')
    await gone
    // A temp file left behind: this kill landed inside a write.
    if (readdirSync(join(dir, 'state')).some((name) => name.endsWith('.tmp'))) midWrite += 1
    const result = readDocument(path, bigDocument)
    expect(result.problem).toBeUndefined()
    expect(result.data).toBeDefined()
    seen.push(result.data?.seq ?? -1)
  }
  expect(midWrite).toBeGreaterThan(0)
  // It did write between kills, and never went back to an older document.
  expect(seen.at(-1)).toBeGreaterThan(KILLS)
  expect([...seen].sort((a, b) => a - b)).toEqual(seen)
  expect(readdirSync(join(dir, 'state')).filter((name) => name.includes('corrupt'))).toEqual([])
})
