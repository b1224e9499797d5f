import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { detectAgents } from '../../src/main/agents'
import { PaneManager, parseStat, processTree } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// Lifetimes with real PTYs: whole process trees end on close, restart starts a new
// process in place, and a pane whose program is missing still exists, with an error.

let home: string
let savedEnv: NodeJS.ProcessEnv
let manager: PaneManager
let output: Map<string, string>
let exits: Set<string>
let lists: PaneInfo[][]
let waiter = createConditionWaiter()

const notify = (): void => waiter.notify()
const until = (condition: () => boolean): Promise<void> => waiter.until(condition)
const outputOf = (id: string): string => output.get(id) ?? ''

beforeEach(() => {
  savedEnv = { ...process.env }
  home = mkdtempSync(join(tmpdir(), 'tessera-life-'))
  writeFileSync(join(home, '.bash_profile'), "PS1='life$ '\n")
  Object.assign(process.env, { HOME: home, SHELL: '/bin/bash' })
  output = new Map()
  exits = new Set()
  lists = []
  waiter = createConditionWaiter()
  manager = new PaneManager(
    {
      onData: (id, data) => (output.set(id, outputOf(id) + data), notify()),
      onExit: (id) => (exits.add(id), notify()),
      onChanged: (panes) => (lists.push(panes), notify())
    },
    captureLog().log,
    home,
    { killGraceMs: 300 }
  )
})

afterEach(async () => {
  await manager.closeAll()
  process.env = savedEnv
})


/** Running and not a zombie, read from /proc (a zombie is dead, only not reaped yet). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Pids a command printed as "<label>:<pid>", once all `count` of them are there. */
async function printedPids(paneId: string, label: string, count: number): Promise<number[]> {
  const pattern = new RegExp(`${label}:(\\d+)`, 'g')
  await until(() => [...outputOf(paneId).matchAll(pattern)].length >= count)
  return [...outputOf(paneId).matchAll(pattern)].map((match) => Number(match[1]))
}

async function shellPane(): Promise<PaneInfo> {
  const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
  await until(() => outputOf(pane.id).includes('life$ '))
  return pane
}

function fakeAgent(dir: string, name: string, body: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, name), body)
  chmodSync(join(dir, name), 0o755)
}

describe('ending panes', () => {
  it('ends a whole process tree, background children included', async () => {
    // The pane's program is a non-interactive bash with children, one of them immune to
    // the SIGHUP the kernel sends the foreground group when the session leader exits.
    fakeAgent(home, 'tree.sh', '#!/bin/bash\nsleep 300 & echo kid:$!\nnohup sleep 300 >/dev/null 2>&1 & echo kid:$!\nwait\n')
    process.env.SHELL = join(home, 'tree.sh')
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
    const pids = await printedPids(pane.id, 'kid', 2)
    expect([pane.pid as number, ...pids].every(running)).toBe(true)
    await manager.close(pane.id)
    expect([pane.pid as number, ...pids].filter(running)).toEqual([])
  })

  it('ends jobs in other process groups, orphans and HUP-ignoring ones too', async () => {
    const pane = await shellPane()
    manager.write(pane.id, 'sleep 301 & echo job:$!\r')
    manager.write(pane.id, "(trap '' HUP; exec sleep 302) & echo job:$!\r")
    manager.write(pane.id, '(sleep 303 & echo job:$!)\r') // re-parented to init, same session
    const pids = await printedPids(pane.id, 'job', 3)
    expect(processTree(pane.pid as number).map((entry) => entry.pid)).toEqual(expect.arrayContaining(pids))
    await manager.close(pane.id)
    expect(pids.filter(running)).toEqual([])
  })

  it('closeAll ends every pane and what each started', async () => {
    const panes = await Promise.all([shellPane(), shellPane()])
    panes.forEach((pane) => manager.write(pane.id, 'sleep 304 & echo bg:$!\r'))
    const jobs = await Promise.all(panes.map((pane) => printedPids(pane.id, 'bg', 1)))
    await manager.closeAll()
    expect([...jobs.flat(), ...panes.map((p) => p.pid as number)].filter(running)).toEqual([])
  })

  it('ends what an exited program left behind when its pane closes', async () => {
    const pane = await shellPane()
    manager.write(pane.id, 'nohup sleep 305 >/dev/null 2>&1 & echo left:$!; disown; exit\r')
    const [left] = await printedPids(pane.id, 'left', 1)
    await until(() => exits.has(pane.id))
    expect(running(left as number)).toBe(true)
    await manager.close(pane.id)
    expect(running(left as number)).toBe(false)
  })
})

describe('restart', () => {
  it('restarts an exited pane in place with a new process', async () => {
    const pane = await shellPane()
    manager.resize(pane.id, 100, 30)
    manager.write(pane.id, 'exit 4\r')
    await until(() => exits.has(pane.id))
    expect(manager.list()[0]?.exit).toEqual({ exitCode: 4 })
    const restarted = await manager.restart(pane.id)
    expect(restarted).toMatchObject({ id: pane.id, cwd: home, cols: 100, rows: 30, kind: 'shell' })
    expect(restarted.exit).toBeUndefined()
    expect(restarted.pid).not.toBe(pane.pid)
    manager.write(pane.id, 'echo "again:$$:$(tput cols)"\r')
    await until(() => outputOf(pane.id).includes(`again:${restarted.pid}:100`))
  })

  it('restarts a running pane by ending its tree first', async () => {
    const pane = await shellPane()
    manager.write(pane.id, 'sleep 306 & echo bg:$!\r')
    const [job] = await printedPids(pane.id, 'bg', 1)
    const restarted = await manager.restart(pane.id)
    expect(running(job as number)).toBe(false)
    expect(running(pane.pid as number)).toBe(false)
    expect(running(restarted.pid as number)).toBe(true)
  })
})

describe('closing a pane while it restarts', () => {
  it('ends the pane and starts no new process', async () => {
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24, launch: () => ({ file: 'sleep', args: ['3071'], env: {} }) })
    // node-pty returns once it has forked; the child may not have exec'd `sleep` yet.
    expect(await execed('sleep\u00003071')).toEqual([pane.pid])
    const restartRefused = expect(manager.restart(pane.id)).rejects.toThrow(/was closed/)
    await manager.close(pane.id)
    await restartRefused
    expect(commandsRunning('sleep\u00003071')).toEqual([])
    expect(manager.list()).toEqual([])
  })
})

/** Polls until some process runs `cmdline` (an exec has no event to wait on); the test timeout bounds it. */
async function execed(cmdline: string): Promise<number[]> {
  for (;;) {
    const pids = commandsRunning(cmdline)
    if (pids.length > 0) return pids
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Pids of live processes whose command line (NUL-separated) is exactly `cmdline`. */
function commandsRunning(cmdline: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `${cmdline}\u0000` && running(pid)
      } catch {
        return false // it ended while we looked
      }
    })
}

describe('panes whose program cannot start', () => {
  it('creates a pane with an error for a missing CLI, and restart runs it once installed', async () => {
    const bin = join(home, 'bin')
    mkdirSync(bin)
    process.env.PATH = `${bin}:/usr/bin:/bin`
    expect(detectAgents(process.env).find((a) => a.kind === 'gemini')?.available).toBe(false) // precondition
    const pane = manager.create({ kind: 'gemini', cols: 80, rows: 24 })
    expect(pane.error).toMatch(/Gemini CLI is not installed.*npm install -g @google\/gemini-cli/)
    expect(pane.pid).toBeUndefined()
    expect(pane.title).toBe(`gemini — ${basename(home)}`)
    await until(() => outputOf(pane.id).includes('Gemini CLI is not installed'))
    expect(() => (manager.write(pane.id, 'x'), manager.resize(pane.id, 90, 20))).not.toThrow()
    expect(manager.attach(pane.id).backlog).toContain('npm install -g @google/gemini-cli')

    fakeAgent(bin, 'gemini', '#!/bin/sh\necho "fake gemini ready in $PWD"\nexec cat\n')
    const restarted = await manager.restart(pane.id)
    expect(restarted.error).toBeUndefined()
    expect(restarted.pid).toBeGreaterThan(0)
    await until(() => outputOf(pane.id).includes(`fake gemini ready in ${home}`))
  })

  it('reports a CLI that exists but cannot be executed', async () => {
    const bin = join(home, 'bin')
    fakeAgent(bin, 'codex', '#!/nonexistent/interpreter\n')
    process.env.PATH = `${bin}:/usr/bin:/bin`
    const pane = manager.create({ kind: 'codex', cols: 80, rows: 24 })
    await until(() => exits.has(pane.id) && !!manager.list()[0]?.error)
    expect(manager.list()[0]?.error).toMatch(/^Could not start .*codex: No such file or directory/)
    expect(lists.at(-1)?.[0]?.error).toBe(manager.list()[0]?.error)
  })
})

describe('process table parsing', () => {
  it('reads pid, parent, session, foreground group and start time, whatever the command name holds', () => {
    const stat = '4242 (we ird) (name) S 17 4242 4242 34816 4250 4194560 1 2 3 4 5 6 7 8 20 0 1 0 987654 1000 10'
    expect(parseStat(stat)).toEqual({ pid: 4242, ppid: 17, session: 4242, state: 'S', foregroundGroup: 4250, startTime: '987654' })
  })
})
