import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import type { LogEntry } from '../../src/main/log'
import { PaneManager, type PaneManagerOptions } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// The headless mirror (a worker thread): snapshots and screen reads show what the pane
// printed, titles follow OSC, a crashed worker comes back, and the PTY never waits for it.

let home: string
let savedEnv: NodeJS.ProcessEnv
let manager: PaneManager | undefined
let output: Map<string, string>
let exits: Set<string>
let lists: PaneInfo[][]
let logs: LogEntry[]
let waiter = createConditionWaiter()

const notify = (): void => waiter.notify()
const until = (condition: () => boolean): Promise<void> => waiter.until(condition)
const outputOf = (id: string): string => output.get(id) ?? ''

function start(options?: PaneManagerOptions): PaneManager {
  const capture = captureLog()
  logs = capture.entries
  manager = new PaneManager(
    {
      onData: (id, data) => (output.set(id, outputOf(id) + data), notify()),
      onExit: (id) => (exits.add(id), notify()),
      onChanged: (panes) => (lists.push(panes), notify())
    },
    capture.log,
    home,
    options
  )
  return manager
}

beforeEach(() => {
  savedEnv = { ...process.env }
  home = mkdtempSync(join(tmpdir(), 'tessera-mirror-'))
  writeFileSync(join(home, '.bash_profile'), "PS1='mirror$ '\n")
  Object.assign(process.env, { HOME: home, SHELL: '/bin/bash' })
  output = new Map()
  exits = new Set()
  lists = []
  waiter = createConditionWaiter()
})

afterEach(async () => {
  await manager?.closeAll()
  manager = undefined
  process.env = savedEnv
})


async function shellPane(panes: PaneManager): Promise<PaneInfo> {
  const pane = panes.create({ kind: 'shell', cols: 80, rows: 24 })
  await until(() => outputOf(pane.id).includes('mirror$ '))
  return pane
}

const titleOf = (id: string): string | undefined => lists.at(-1)?.find((p) => p.id === id)?.title

describe('headless mirror', () => {
  it('snapshots and screen reads show what the pane printed', async () => {
    const panes = start()
    const pane = await shellPane(panes)
    panes.write(pane.id, "printf 'plain \\033[31mred\\033[0m done\\n'\r")
    // The printed line, not the echo of the command (which says `done` too).
    await until(() => outputOf(pane.id).includes('\x1b[31mred\x1b[0m done'))
    const screen = await panes.screenText(pane.id)
    expect(screen).toHaveLength(24)
    expect(screen).toContain('plain red done')
    const snapshot = await panes.snapshot(pane.id)
    const ESC = '\x1b'
    expect(snapshot).toContain(`plain ${ESC}[31mred${ESC}[`) // the colour survives serialization
  })

  it('names a pane after its program and folder, then after its OSC title', async () => {
    const panes = start()
    const pane = await shellPane(panes)
    expect(pane.title).toBe(`bash — ${basename(home)}`)
    panes.write(pane.id, "printf '\\033]0;building things\\007'\r")
    await until(() => titleOf(pane.id) === 'building things')
    panes.write(pane.id, "printf '\\033]0;\\007'\r") // an empty title gives the default back
    await until(() => titleOf(pane.id) === `bash — ${basename(home)}`)
  })

  it('restarts a crashed worker and rebuilds the mirror from the backlog', async () => {
    const panes = start()
    const pane = await shellPane(panes)
    panes.write(pane.id, 'echo before-the-$((6*7))\r') // the output differs from the echoed command
    await until(() => outputOf(pane.id).includes('before-the-42'))
    panes.crashMirrorForTest()
    // Posted behind the crash, this read can only fail; the next goes to the new worker.
    await expect(panes.snapshot(pane.id)).rejects.toThrow(/did not answer/)
    expect((await panes.screenText(pane.id)).join('\n')).toContain('before-the-42')
    expect(logs.some((e) => e.level === 'error' && e.message === 'mirror worker failed')).toBe(true)
    panes.write(pane.id, 'echo after-the-$((6*7))\r')
    await until(() => outputOf(pane.id).includes('after-the-42'))
    expect((await panes.screenText(pane.id)).join('\n')).toContain('after-the-42')
  })

  it('keeps parsing off the PTY thread: a 16 MB cat costs that thread no more with the mirror', async () => {
    const file = join(home, 'big.txt')
    const line = `${'m'.repeat(70)}\n`
    writeFileSync(file, `${line.repeat(Math.ceil(16e6 / line.length))}LAST-LINE\n`)
    const mirrored = start()
    const plain = new PaneManager(
      { onData: () => undefined, onExit: (id) => (exits.add(id), notify()), onChanged: () => undefined },
      captureLog().log,
      home,
      { mirror: false }
    )
    try {
      await mirrored.snapshot((await shellPane(mirrored)).id) // the worker is up: its start is not measured
      const cat = join(home, 'cat.sh')
      writeFileSync(cat, `#!/bin/sh\nexec cat ${file}\n`)
      chmodSync(cat, 0o755)
      process.env.SHELL = cat
      const plainRuns = [await timeCat(plain), await timeCat(plain)]
      const mirroredRuns = [await timeCat(mirrored), await timeCat(mirrored)]
      const sum = (runs: Run[], key: keyof Omit<Run, 'id'>): number => runs.reduce((total, run) => total + run[key], 0)
      console.log(
        `16 MB cat ×2, PTY thread CPU: ${sum(plainRuns, 'cpuMs')} ms without mirror, ${sum(mirroredRuns, 'cpuMs')} ms with;` +
          ` wall: ${plainRuns.map((r) => Math.round(r.wallMs))} ms without, ${mirroredRuns.map((r) => Math.round(r.wallMs))} ms with`
      )
      // Parsing 32 MB on this thread would add ~800 ms (headless parses ~38 MB/s); handing
      // frames to the worker costs a little. Half the parse cost separates the two under load.
      expect(sum(mirroredRuns, 'cpuMs')).toBeLessThan(sum(plainRuns, 'cpuMs') + 400)
      // The mirror did its share off-thread and, once the flood is over, shows its end.
      expect(await mirrored.screenText(mirroredRuns[1]?.id ?? '')).toContain('LAST-LINE')
    } finally {
      await plain.closeAll()
    }
  })
})

interface Run {
  id: string
  wallMs: number
  /** CPU time of this (the PTY-reading) thread, from /proc: wall time varies with load, this does not. */
  cpuMs: number
}

function threadCpuMs(): number {
  // vitest runs this file in a forked process whose main thread has the process's id.
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // utime + stime, in 10 ms ticks
}

async function timeCat(panes: PaneManager): Promise<Run> {
  const [started, cpu] = [performance.now(), threadCpuMs()]
  const { id } = panes.create({ kind: 'shell', cols: 80, rows: 24 })
  await until(() => exits.has(id))
  return { id, wallMs: performance.now() - started, cpuMs: threadCpuMs() - cpu }
}
