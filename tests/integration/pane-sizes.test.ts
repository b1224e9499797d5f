import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { PaneManager, type WindowSizePolicy } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// A pane shown by several clients: the real PTY takes the size the policy picks over
// them, and a client that goes away stops counting at once.

let waiter = createConditionWaiter()
let output = ''
let announced: PaneInfo[][] = []
let home: string
let savedEnv: NodeJS.ProcessEnv
let manager: PaneManager | undefined

beforeEach(() => {
  savedEnv = { ...process.env }
  home = mkdtempSync(join(tmpdir(), 'tessera-sizes-'))
  writeFileSync(join(home, '.bash_profile'), "PS1='sizes$ '\n")
  Object.assign(process.env, { HOME: home, SHELL: '/bin/bash' })
  waiter = createConditionWaiter()
  output = ''
  announced = []
})

afterEach(async () => {
  await manager?.closeAll()
  manager = undefined
  process.env = savedEnv
})

function start(windowSize?: WindowSizePolicy): PaneManager {
  manager = new PaneManager(
    {
      onData: (_id, data) => ((output += data), waiter.notify()),
      onExit: () => undefined,
      onChanged: (panes) => announced.push(panes)
    },
    captureLog().log,
    home,
    { mirror: false, ...(windowSize && { windowSize }) }
  )
  return manager
}

let probe = 0
/** The size the program in the pane sees, from the PTY itself. */
async function ptySize(panes: PaneManager, paneId: string): Promise<string> {
  const tag = `size${++probe}`
  panes.write(paneId, `echo ${tag}=$(stty size | tr ' ' x)\r`)
  const pattern = new RegExp(`${tag}=(\\d+x\\d+)`)
  await waiter.until(() => pattern.test(output))
  return pattern.exec(output)?.[1] ?? ''
}

async function shellPane(panes: PaneManager): Promise<string> {
  const pane = panes.create({ kind: 'shell', cols: 80, rows: 24 })
  await waiter.until(() => output.includes('sizes$ '))
  return pane.id
}

describe('a pane shown by several clients', () => {
  it('takes the smallest width and height by default and grows back when the small client leaves', async () => {
    const panes = start()
    const id = await shellPane(panes)
    panes.clientSize(id, 'big', { cols: 150, rows: 45 })
    panes.clientSize(id, 'narrow', { cols: 70, rows: 50 })
    expect(await ptySize(panes, id)).toBe('45x70')
    expect(announced.at(-1)?.[0]).toMatchObject({ cols: 70, rows: 45 })
    panes.clientLeft('narrow')
    expect(announced.at(-1)?.[0]).toMatchObject({ cols: 150, rows: 45 })
    expect(await ptySize(panes, id)).toBe('45x150')
  })

  it('stops counting a client that no longer shows the pane, and keeps the size when none does', async () => {
    const panes = start()
    const id = await shellPane(panes)
    panes.clientSize(id, 'a', { cols: 120, rows: 40 })
    panes.clientSize(id, 'b', { cols: 90, rows: 30 })
    panes.clientReleased(id, 'b')
    expect(await ptySize(panes, id)).toBe('40x120')
    panes.clientReleased(id, 'a')
    panes.clientLeft('a')
    expect(await ptySize(panes, id)).toBe('40x120')
  })

  it('announces a size only when it changes', async () => {
    const panes = start()
    const id = await shellPane(panes)
    panes.clientSize(id, 'a', { cols: 100, rows: 30 })
    const before = announced.length
    panes.clientSize(id, 'b', { cols: 100, rows: 30 })
    panes.clientLeft('b')
    expect(announced.length).toBe(before)
  })

  it('follows the client that reported last under latest', async () => {
    const panes = start('latest')
    const id = await shellPane(panes)
    panes.clientSize(id, 'a', { cols: 100, rows: 30 })
    panes.clientSize(id, 'b', { cols: 60, rows: 20 })
    expect(await ptySize(panes, id)).toBe('20x60')
    panes.clientLeft('b')
    expect(await ptySize(panes, id)).toBe('30x100')
  })

  it('ignores a late size for a closed pane', async () => {
    const panes = start()
    const id = await shellPane(panes)
    await panes.close(id)
    expect(() => panes.clientSize(id, 'a', { cols: 100, rows: 30 })).not.toThrow()
    expect(() => panes.clientReleased(id, 'a')).not.toThrow()
    expect(panes.list()).toEqual([])
  })
})
