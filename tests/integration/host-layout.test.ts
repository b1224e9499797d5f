import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import type { Layout } from '../../src/shared/layout'
import { paneIds } from '../../src/shared/layout-tree'
import { createHost, type Host } from '../../src/main/host'
import { captureLog } from '../support/log-capture'

// The host decides the grid: pane.create places the pane, pane.close takes it out,
// and every change reaches clients as layout.changed.

let host: Host
let broadcasts: Layout[]

beforeEach(() => {
  host = createHost({ kind: 'browser', version: 'test', defaultCwd: mkdtempSync(join(tmpdir(), 'tessera-host-')), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log })
  broadcasts = []
  host.events.subscribe((name, payload) => {
    if (name === 'layout.changed') broadcasts.push((payload as { layout: Layout }).layout)
  })
})

afterEach(() => host.dispose())

async function call(name: string, input: unknown): Promise<unknown> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

const create = (beside?: { paneId: string; edge: string }): Promise<PaneInfo> =>
  call('pane.create', { kind: 'shell', cols: 80, rows: 24, ...(beside ? { beside } : {}) }) as Promise<PaneInfo>

describe('host layout through the bridge', () => {
  it('places new panes where asked and broadcasts each change', async () => {
    const first = await create()
    const below = await create({ paneId: first.id, edge: 'bottom' })
    const right = await create({ paneId: first.id, edge: 'right' })
    const layout = (await call('layout.get', {})) as Layout
    expect(paneIds(layout)).toEqual([first.id, right.id, below.id])
    expect(layout.root).toMatchObject({ type: 'split', direction: 'column' })
    expect(broadcasts.at(-1)).toEqual(layout)
    expect(broadcasts).toHaveLength(3)
  })

  it('refuses a placement beside an unknown pane before starting a process', async () => {
    await create()
    const before = host.panes.list().length
    await expect(create({ paneId: '00000000-0000-4000-8000-000000000000', edge: 'left' })).rejects.toThrow(/not_found/)
    expect(host.panes.list()).toHaveLength(before)
  })

  it('takes a closed pane out of the grid and its sibling takes the space', async () => {
    const first = await create()
    const second = await create({ paneId: first.id, edge: 'right' })
    await call('pane.close', { paneId: first.id })
    expect(await call('layout.get', {})).toEqual({ root: { type: 'pane', paneId: second.id }, zoomed: null })
  })

  it('zooms, equalizes and swaps through the bridge', async () => {
    const a = await create()
    const b = await create({ paneId: a.id, edge: 'right' })
    await call('layout.zoom', { paneId: b.id })
    expect(((await call('layout.get', {})) as Layout).zoomed).toBe(b.id)
    await call('layout.swap', { paneId: a.id, otherPaneId: b.id })
    expect(paneIds((await call('layout.get', {})) as Layout)).toEqual([b.id, a.id])
    await expect(call('layout.resize', { splitId: 'nope', sizes: [50, 50] })).rejects.toThrow(/not_found/)
  })
})
