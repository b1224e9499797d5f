import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PaneManager, type PaneManagerOptions } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// node-pty 1.1.0 on Linux (Node 20's libuv) used to fire onExit before the last few KB
// of a fast writer's output: 27 of 30 plain `cat` runs of this file lost 3–15 KB here.
// Through PaneManager the exit event must come after every byte.

const RUNS = 30
const MARKER = 'END-OF-FILE-MARKER'
let dir: string
let bigFile: string
let savedEnv: NodeJS.ProcessEnv
let manager: PaneManager | undefined

/** Stands in for $SHELL, so a "shell" pane runs exactly this script and nothing else. */
function script(name: string, body: string): string {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/bash\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-every-byte-'))
  const lines: string[] = []
  for (let i = 0, size = 0; size < 1_500_000; i++) {
    const line = `line ${String(i).padStart(7, '0')} ${'abcdefghijklmnopqrstuvwxyz0123456789'}\n`
    lines.push(line)
    size += line.length
  }
  lines.push(`${MARKER}\n`)
  bigFile = join(dir, 'big.txt')
  writeFileSync(bigFile, lines.join(''))
})

beforeEach(() => {
  savedEnv = { ...process.env }
})

afterEach(async () => {
  await manager?.closeAll()
  manager = undefined
  process.env = savedEnv
})

interface Recording {
  manager: PaneManager
  /** Everything a pane sent before its exit event, by pane id. */
  atExit: Map<string, string>
  paused: Set<string>
  output(paneId: string): string
  until(condition: () => boolean): Promise<void>
}

function record(options?: PaneManagerOptions): Recording {
  const chunks = new Map<string, string[]>()
  const atExit = new Map<string, string>()
  const paused = new Set<string>()
  const { notify, until } = createConditionWaiter()
  const output = (id: string): string => (chunks.get(id) ?? []).join('')
  const events = {
    onData: (id: string, data: string) => (chunks.set(id, [...(chunks.get(id) ?? []), data]), notify()),
    onExit: (id: string) => (atExit.set(id, output(id)), notify()),
    onFlow: (id: string, isPaused: boolean) => (isPaused ? paused.add(id) : paused.delete(id), notify()),
    onChanged: () => undefined
  }
  manager = new PaneManager(events, captureLog().log, dir, options)
  return { manager, atExit, paused, output, until }
}

describe('every byte arrives before the exit event', () => {
  it(`delivers all of a 1.5 MB cat, ${RUNS} runs in a row`, async () => {
    process.env.SHELL = script('cat-big.sh', `exec cat ${bigFile}`)
    const expected = readFileSync(bigFile, 'utf8')
    const rec = record()
    const incomplete: number[] = []
    const openFds: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const pane = rec.manager.create({ kind: 'shell', cols: 120, rows: 40 })
      await rec.until(() => rec.atExit.has(pane.id))
      // The PTY turns \n into \r\n; otherwise the output is the file, byte for byte.
      if ((rec.atExit.get(pane.id) ?? '').replaceAll('\r\n', '\n') !== expected) incomplete.push(run)
      await rec.manager.close(pane.id)
      openFds.push(readdirSync('/proc/self/fd').length)
    }
    expect(incomplete).toEqual([])
    // The fix holds each PTY's slave open until exit: none of those descriptors may leak.
    expect(openFds.at(-1)).toBeLessThanOrEqual((openFds[0] ?? 0) + 2)
  })

  it('delivers what a program printed while its PTY was paused, then exits', async () => {
    const tail = join(dir, 'tail.txt')
    writeFileSync(tail, `${'t'.repeat(99)}\n`.repeat(80)) // 8 KB: fits in the kernel's PTY buffer
    process.env.SHELL = script('phases.sh', `read a; head -c 3000 ${bigFile}; echo; read b; cat ${tail}; echo ${MARKER}`)
    // Written to, the pane is the one in use, which would skip ahead rather than pause:
    // this is about a pane that pauses (any other pane), so skipping is off.
    const rec = record({ flow: { highWatermark: 1000, lowWatermark: 500, clientTimeoutMs: 60_000 }, fastForward: false })
    const pane = rec.manager.create({ kind: 'shell', cols: 120, rows: 40 })
    rec.manager.ack(pane.id, 1) // a client is attached: flow control applies
    rec.manager.write(pane.id, 'go\r')
    await rec.until(() => rec.paused.has(pane.id))
    rec.manager.write(pane.id, 'on\r') // the rest is printed, and the program exits, while paused
    await rec.until(() => rec.atExit.has(pane.id))
    const output = rec.atExit.get(pane.id) ?? ''
    expect(output.replaceAll('\r\n', '\n')).toContain(`${readFileSync(tail, 'utf8')}${MARKER}\n`)
    expect(rec.manager.stats(pane.id).pauses).toBeGreaterThan(0)
  })
})
