import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createHost, type Host } from '../../src/main/host'
import { PaneManager } from '../../src/main/pty'
import { startBrowserServer, type BrowserServer } from '../../src/main/transport'
import { CatchUp } from '../../src/renderer/src/terminal/catch-up'
import { createConditionWaiter } from '../support/condition-waiter'
import { captureLog } from '../support/log-capture'

// A client that attaches while a pane prints joins the backlog to the live frames with
// no gap and no repeat, whatever order the attach answer and the frames arrive in; and
// a client that goes away never leaves a pane paused on output it will not acknowledge.

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Frame {
  offset: number
  data: string
}

describe('attaching to a pane mid-output', () => {
  it('shows every character once when the answer comes after frames printed later', async () => {
    const frames: Frame[] = []
    const { notify, until } = createConditionWaiter()
    let exited = false
    const manager = new PaneManager(
      {
        onData: (_id, data, offset) => (frames.push({ offset, data }), notify()),
        onExit: () => ((exited = true), notify()),
        onChanged: () => undefined
      },
      captureLog().log,
      tmpdir(),
      { mirror: false }
    )
    cleanups.push(() => manager.closeAll())
    // About 290 KB: the whole run fits in the backlog, so the joined text can be checked end to end.
    const pane = manager.create({ kind: 'shell', cols: 80, rows: 24, launch: () => ({ file: 'seq', args: ['1', '50000'], env: {} }) })
    await until(() => frames.length >= 3)
    const attached = manager.attach(pane.id)
    const framesAtAttach = frames.length
    await until(() => exited)
    expect(frames.length).toBeGreaterThan(framesAtAttach) // the pane went on printing after the attach

    // The worst order: every frame reaches the client before the attach answer does.
    let shown = attached.backlog
    let skipped = 0
    const catchUp = new CatchUp({
      write: (data) => (shown += data),
      skip: (chars) => (skipped += chars),
      replace: () => expect.fail('this pane is never written to, so it never skips ahead')
    })
    for (const frame of frames) catchUp.receive(frame.offset, frame.data)
    catchUp.answered(attached.end)

    const stream = frames.map((frame) => frame.data).join('')
    expect(shown).toBe(stream)
    expect(skipped).toBe(attached.end)
    const offsets = frames.map((frame) => frame.offset)
    const ends = frames.map((frame) => frame.offset + frame.data.length)
    expect(offsets).toEqual([0, ...ends.slice(0, -1)]) // contiguous, from the first character
  })
})

describe('a client that goes away', () => {
  it('lets a pane paused on its unacknowledged output resume at once', async () => {
    const log = captureLog().log
    // A minute's stall timeout: only the disconnect itself can resume the pane within the test.
    const host: Host = createHost({ kind: 'browser', version: 'test', defaultCwd: tmpdir(), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log, panes: { mirror: false, flow: { clientTimeoutMs: 60_000 } } })
    cleanups.push(() => host.dispose())
    const rendererDir = mkdtempSync(join(tmpdir(), 'tessera-renderer-'))
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
    const server: BrowserServer = await startBrowserServer({ host, secret: 'a'.repeat(64), rendererDir, port: 0, log })
    cleanups.push(() => server.close())

    const pane = host.panes.create({ kind: 'shell', cols: 80, rows: 24, launch: () => ({ file: 'yes', args: [], env: {} }) })
    const ws = await connect(server)
    ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'pane.ack', input: { paneId: pane.id, chars: 1 } }))
    await waitFor(() => host.panes.stats(pane.id).paused)
    ws.close()
    await waitFor(() => !host.panes.stats(pane.id).paused)
    expect(host.panes.stats(pane.id)).toMatchObject({ paused: false, unacked: 0, resumes: 1 })
  })
})

function connect(server: BrowserServer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${'a'.repeat(64)}`, { origin: `http://127.0.0.1:${server.port}` })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

/** Flow control reports no event to the bridge, so this looks every few ms (the test timeout bounds it). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}
