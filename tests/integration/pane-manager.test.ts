import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HostError } from '../../src/main/bridge'
import { PaneManager } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// Real PTYs running a real bash: output, input, resize, exit and ending a pane.

interface Recorded {
  output: Map<string, string>
  exits: Map<string, number>
}

let recorded: Recorded
let waiter = createConditionWaiter()
let manager: PaneManager
let home: string
let savedEnv: NodeJS.ProcessEnv

beforeEach(() => {
  savedEnv = { ...process.env }
  home = mkdtempSync(join(tmpdir(), 'tessera-pty-'))
  writeFileSync(join(home, '.bash_profile'), "PS1='pty-test$ '\n")
  Object.assign(process.env, { HOME: home, SHELL: '/bin/bash' })
  recorded = { output: new Map(), exits: new Map() }
  waiter = createConditionWaiter()
  const notify = (): void => waiter.notify()
  manager = new PaneManager(
    {
      onData: (id, data) => (recorded.output.set(id, (recorded.output.get(id) ?? '') + data), notify()),
      onExit: (id, code) => (recorded.exits.set(id, code), notify()),
      onChanged: () => undefined
    },
    captureLog().log,
    home
  )
})

afterEach(async () => {
  await manager.closeAll()
  process.env = savedEnv
})


const until = (condition: () => boolean): Promise<void> => waiter.until(condition)
const outputOf = (id: string): string => recorded.output.get(id) ?? ''
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('PaneManager with real PTYs', () => {
  it('runs a login shell in the requested folder and echoes typed input', async () => {
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
    await until(() => outputOf(pane.id).includes('pty-test$ '))
    manager.write(pane.id, 'echo "$PWD:$TERM:$((6*7))"\r')
    await until(() => outputOf(pane.id).includes(`${home}:xterm-256color:42`))
    expect(pane.cwd).toBe(home)
  })

  it('gives the PTY the new size on resize', async () => {
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
    await until(() => outputOf(pane.id).includes('pty-test$ '))
    manager.resize(pane.id, 133, 41)
    manager.write(pane.id, 'echo "size=$(tput cols)x$(tput lines)"\r')
    await until(() => outputOf(pane.id).includes('size=133x41'))
    expect(manager.list()[0]).toMatchObject({ cols: 133, rows: 41 })
  })

  it('reports the exit code, keeps the pane listed, and replays its output on attach', async () => {
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
    await until(() => outputOf(pane.id).includes('pty-test$ '))
    manager.write(pane.id, 'echo bye-now; exit 3\r')
    await until(() => recorded.exits.has(pane.id))
    expect(recorded.exits.get(pane.id)).toBe(3)
    expect(manager.list()[0]?.exit).toEqual({ exitCode: 3 })
    expect(manager.attach(pane.id).backlog).toContain('bye-now')
  })

  it('ends the process when a pane is closed', async () => {
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24 })
    await until(() => outputOf(pane.id).includes('pty-test$ '))
    const pid = pane.pid as number
    expect(isAlive(pid)).toBe(true)
    await manager.close(pane.id)
    expect(isAlive(pid)).toBe(false)
    expect(manager.list()).toEqual([])
    expect(() => manager.write(pane.id, 'x')).toThrow(HostError)
  })

  it('closeAll ends every pane', async () => {
    const panes = [1, 2, 3].map(() => manager.create({ kind: 'shell', cols: 80, rows: 24 }))
    await until(() => panes.every((p) => outputOf(p.id).includes('pty-test$ ')))
    await manager.closeAll()
    expect(panes.map((p) => isAlive(p.pid as number))).toEqual([false, false, false])
  })

  it('refuses a folder that does not exist before starting anything', () => {
    expect(() => manager.create({ kind: 'shell', cwd: join(home, 'missing'), cols: 80, rows: 24 })).toThrow(
      /Working folder does not exist/
    )
    expect(manager.list()).toEqual([])
  })
})
