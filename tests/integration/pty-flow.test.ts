import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_FLOW, PaneManager, type PaneManagerOptions } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// Flow control with real PTYs flooded by `yes`: memory stays bounded, the PTY pauses
// and resumes, and a pane nobody acknowledges is never held paused.

const FRAME = 64 * 1024
let dir: string
let savedEnv: NodeJS.ProcessEnv
let manager: PaneManager | undefined

interface Flood {
  manager: PaneManager
  received: () => number
  flowEvents: boolean[]
  until(condition: () => boolean): Promise<void>
}

function flood(options?: PaneManagerOptions): Flood {
  let received = 0
  const flowEvents: boolean[] = []
  const { notify, until } = createConditionWaiter()
  const events = {
    onData: (_id: string, data: string) => ((received += data.length), notify()),
    onExit: () => notify(),
    onFlow: (_id: string, paused: boolean) => (flowEvents.push(paused), notify()),
    onChanged: () => undefined
  }
  manager = new PaneManager(events, captureLog().log, dir, options)
  return { manager, received: () => received, flowEvents, until }
}

beforeEach(() => {
  savedEnv = { ...process.env }
  dir = mkdtempSync(join(tmpdir(), 'tessera-flow-'))
  const yes = join(dir, 'yes.sh')
  writeFileSync(yes, '#!/bin/sh\nexec yes\n')
  chmodSync(yes, 0o755)
  process.env.SHELL = yes // a "shell" pane that floods
})

afterEach(async () => {
  await manager?.closeAll()
  manager = undefined
  process.env = savedEnv
})

describe('flow control under a yes flood', () => {
  it('keeps memory bounded and pauses/resumes for a slowly acking client (10 s)', async () => {
    const run = flood()
    const pane = run.manager.create({ kind: 'shell', cols: 80, rows: 24 })
    let acked = 0
    let peakUnacked = 0
    // The client: parses at most 20K chars per 25 ms (~0.8 MB/s), far below the PTY's pace.
    const client = setInterval(() => {
      const chars = Math.min(run.received() - acked, 20_000)
      if (chars > 0) run.manager?.ack(pane.id, chars)
      acked += chars
      peakUnacked = Math.max(peakUnacked, run.manager?.stats(pane.id).unacked ?? 0)
    }, 25)
    await run.manager.snapshot(pane.id) // the mirror worker is up: its start is not growth
    const baseline = process.memoryUsage().rss
    const [started, atStart] = [Date.now(), run.received()]
    const growth: number[] = []
    const sampler = setInterval(() => growth.push(Math.round((process.memoryUsage().rss - baseline) / 2 ** 20)), 500)
    await run.until(() => Date.now() - started >= 10_000) // a measurement window, re-checked on every event
    clearInterval(client)
    clearInterval(sampler)
    const stats = run.manager.stats(pane.id)
    const peakGrowth = Math.max(...growth)
    console.log(
      `yes flood 10 s: ${((run.received() - atStart) / 1e6).toFixed(1)} MB delivered, pauses ${stats.pauses},` +
        ` resumes ${stats.resumes}, peak unacked ${peakUnacked} chars, RSS growth every 0.5 s: ${growth.join(' ')} MB`
    )
    expect(peakGrowth).toBeLessThan(50)
    expect(stats.pauses).toBeGreaterThan(10)
    expect(stats.resumes).toBeGreaterThan(10)
    expect(run.received() - atStart).toBeGreaterThan(4_000_000) // paced by the client, not frozen
    // The frame that crosses the watermark and one already batched can still go out.
    expect(peakUnacked).toBeLessThanOrEqual(DEFAULT_FLOW.highWatermark + 2 * FRAME)
  }, 15_000)

  it('never holds a pane paused for clients when none acknowledges', async () => {
    const run = flood()
    const pane = run.manager.create({ kind: 'shell', cols: 80, rows: 24 })
    await run.until(() => run.received() > 10_000_000)
    expect(run.manager.stats(pane.id)).toMatchObject({ pauses: 0, unacked: 0 })
  })

  it('resumes a pane whose client stopped acknowledging, then keeps it flowing', async () => {
    const run = flood({ flow: { clientTimeoutMs: 300 } })
    const pane = run.manager.create({ kind: 'shell', cols: 80, rows: 24 })
    run.manager.ack(pane.id, 1) // a client attaches, acks once, then goes away
    await run.until(() => run.flowEvents.includes(true))
    const atPause = run.received()
    await run.until(() => run.flowEvents.at(-1) === false)
    await run.until(() => run.received() > atPause + 5_000_000)
    expect(run.manager.stats(pane.id)).toMatchObject({ paused: false, unacked: 0 })
  })
})
