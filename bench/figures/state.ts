import { mkdtempSync, rmSync, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createHost, type Host } from '../../src/main/host'
import { createLogger } from '../../src/main/log'
import { MIN_WRITE_INTERVAL_MS } from '../../src/main/persistence'
import type { CallResult } from '../../src/shared/bridge.ts'
import type { Figures, Target } from '../report.ts'
import { sleep } from '../support/process.ts'
import { percentile } from '../support/stats.ts'

// How long a layout change takes to reach disk: a divider moved through the host's bridge,
// to <data dir>/state/workspace.json renamed into place (after the fsync of its content).
// Changes are spaced by the store's write interval, as a user's separate clicks are; a drag
// faster than that is coalesced into one write per interval by design.

const CHANGES = 200

/** The store promises a change on disk within 250 ms. */
export const targets: Readonly<Record<string, Target>> = { state_write_p99_ms: { max: 250 } }

async function call(host: Host, name: string, input: unknown): Promise<unknown> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'bench')
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value
}

/** The split between two shell panes, whose sizes the samples change. */
async function twoPaneSplit(host: Host): Promise<string> {
  const first = (await call(host, 'pane.create', { kind: 'shell', cols: 80, rows: 24 })) as { id: string }
  await call(host, 'pane.create', { kind: 'shell', cols: 80, rows: 24, beside: { paneId: first.id, edge: 'right' } })
  const root = host.layout.get().root
  if (root?.type !== 'split') throw new Error('expected a split at the root')
  return root.id
}

export async function measure(): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-state-'))
  const host = createHost({ kind: 'browser', version: 'bench', defaultCwd: tmpdir(), dataDir, log: createLogger('bench', () => undefined) })
  let renamed: (() => void) | undefined
  const watcher = watch(join(dataDir, 'state'), (_event, name) => {
    if (name === 'workspace.json') renamed?.()
  })
  try {
    const splitId = await twoPaneSplit(host)
    await host.state.flush()
    const samples: number[] = []
    for (let i = 0; i < CHANGES; i++) {
      await sleep(MIN_WRITE_INTERVAL_MS)
      const written = new Promise<void>((done) => (renamed = done))
      const start = performance.now()
      await call(host, 'layout.resize', { splitId, sizes: i % 2 === 0 ? [40, 60] : [60, 40] })
      await written
      samples.push(performance.now() - start)
    }
    samples.sort((a, b) => a - b)
    return { state_write_p99_ms: percentile(samples, 0.99) }
  } finally {
    watcher.close()
    await host.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
