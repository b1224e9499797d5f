import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { CostScanner } from '../../src/main/costs/cost-scanner'
import { RootWatcher } from '../../src/main/costs/root-watcher'
import type { PriceTable } from '../../src/shared/costs'
import { createConditionWaiter } from '../support/condition-waiter'
import { captureLog } from '../support/log-capture'
import { assistantLine } from '../support/transcript-lines'

// The real scan worker (started from the sources), driven through the host-side CostScanner:
// the first scan, a file appended later, a project folder made after the start, a projects
// folder that did not exist at the start, one added later, a hook naming a file, a crash, and
// dispose.

/** $1 per million input tokens, $10 per million output tokens. */
const PRICES: PriceTable = [{ model: 'm-test', rates: { input: 1, output: 10, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } }]
/** The worker loads the sources through tsx: allow for a slow, busy machine. */
const WORKER_TEST_MS = 30_000

let requestNumber = 0
function line(sessionId: string, input: number, output: number): string {
  requestNumber += 1
  return assistantLine({ sessionId, messageId: `msg_${requestNumber}`, requestId: `req_${requestNumber}`, model: 'm-test', usage: { input, output } }) + '\n'
}

const scanners: CostScanner[] = []
afterEach(async () => {
  await Promise.all(scanners.splice(0).map((scanner) => scanner.dispose()))
})

function startScanner(roots: string[]): { scanner: CostScanner; changed: Set<string>; scans: () => number; until: (condition: () => boolean) => Promise<void>; entries: ReturnType<typeof captureLog>['entries'] } {
  const waiter = createConditionWaiter()
  const changed = new Set<string>()
  let scans = 0
  const { log, entries } = captureLog()
  const scanner = new CostScanner({
    onChanged: (sessionIds) => {
      for (const id of sessionIds) changed.add(id)
      waiter.notify()
    },
    onScanned: () => {
      scans += 1
      waiter.notify()
    },
    log
  })
  scanners.push(scanner)
  scanner.setPrices(PRICES)
  scanner.start(roots)
  return { scanner, changed, scans: () => scans, until: waiter.until, entries }
}

describe('CostScanner with the real worker', () => {
  it(
    'counts the first scan, then appended lines, new project folders, projects folders made or added later and a file a hook names',
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'tessera-cost-scanner-'))
      const root = join(base, 'config-a', 'projects')
      mkdirSync(join(root, 'project-one'), { recursive: true })
      const first = join(root, 'project-one', 's1.jsonl')
      writeFileSync(first, line('s1', 1000, 100))
      // Two levels below what exists: made with one mkdir -p later.
      const later = join(base, 'config-b', 'projects')
      const { scanner, changed, scans, until } = startScanner([root, later])

      await until(() => scans() === 1)
      // 1,000 × $1 + 100 × $10 = 2,000 → $0.002
      expect((await scanner.sessionCost(['s1'])).cost).toBeCloseTo(0.002, 12)
      // Before and during the first scan nobody hears of single sessions.
      expect([...changed]).toEqual([])

      appendFileSync(first, line('s1', 3000, 0))
      await until(() => changed.has('s1'))
      // + 3,000 × $1 → $0.005
      const s1 = await scanner.sessionCost(['s1'])
      expect(s1.cost).toBeCloseTo(0.005, 12)
      expect(s1.models[0]?.requests).toBe(2)

      mkdirSync(join(root, 'project-two'))
      writeFileSync(join(root, 'project-two', 's2.jsonl'), line('s2', 0, 700))
      await until(() => changed.has('s2'))
      // 700 × $10 → $0.007
      expect((await scanner.sessionCost(['s2'])).cost).toBeCloseTo(0.007, 12)

      mkdirSync(join(later, 'project-three'), { recursive: true })
      writeFileSync(join(later, 'project-three', 's3.jsonl'), line('s3', 9000, 0))
      await until(() => changed.has('s3'))
      // 9,000 × $1 → $0.009
      expect((await scanner.sessionCost(['s3'])).cost).toBeCloseTo(0.009, 12)

      // A transcript outside every watched folder is read when a hook names it.
      const elsewhere = join(base, 'elsewhere.jsonl')
      writeFileSync(elsewhere, line('s4', 11_000, 0))
      scanner.fileChanged(elsewhere)
      await until(() => changed.has('s4'))

      // A pane's own config dir, added after the start: read at once (it exists), then followed.
      const paneRoot = join(base, 'pane-config', 'projects')
      mkdirSync(join(paneRoot, 'project'), { recursive: true })
      writeFileSync(join(paneRoot, 'project', 's5.jsonl'), line('s5', 2000, 0))
      scanner.watch(paneRoot)
      await until(() => changed.has('s5'))
      writeFileSync(join(paneRoot, 'project', 's6.jsonl'), line('s6', 4000, 0))
      await until(() => changed.has('s6'))
      // 2,000 × $1 + 4,000 × $1 → $0.006
      expect((await scanner.sessionCost(['s5', 's6'])).cost).toBeCloseTo(0.006, 12)

      // 5 + 7 + 9 + 11 + 2 + 4 thousandths.
      const report = await scanner.report('all', Date.now(), [{ paneId: 'p1', label: 'One', sessionIds: ['s1', 's2'] }], true)
      expect(report.total.cost).toBeCloseTo(0.038, 12)
      expect(report.byPane.map((row) => [row.key, row.requests])).toEqual([
        ['p1', 3],
        ['outside:/work/project', 4]
      ])
    },
    WORKER_TEST_MS
  )

  it(
    'starts a crashed worker again, which counts everything anew and says so',
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'tessera-cost-scanner-'))
      const root = join(base, 'projects')
      mkdirSync(join(root, 'project'), { recursive: true })
      writeFileSync(join(root, 'project', 's1.jsonl'), line('s1', 5000, 0))
      const { scanner, scans, until, entries } = startScanner([root])
      await until(() => scans() === 1)
      const worker = (scanner as unknown as { worker: Worker }).worker
      await worker.terminate()
      // The new worker's full scan is announced like the first, so panes are counted again.
      await until(() => scans() === 2)
      expect(entries.map((entry) => entry.message)).toContain('cost scan worker exited; restarting it')
      expect((await scanner.sessionCost(['s1'])).cost).toBeCloseTo(0.005, 12)
    },
    WORKER_TEST_MS
  )

  it(
    'refuses queries once disposed, and fails the ones still waiting',
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'tessera-cost-scanner-'))
      const { scanner, scans, until } = startScanner([base])
      await until(() => scans() === 1)
      const waiting = expect(scanner.sessionCost(['s1'])).rejects.toThrow('the cost scanner was closed')
      await scanner.dispose()
      await waiting
      await expect(scanner.sessionCost(['s1'])).rejects.toThrow('The cost scanner is not running: the cost scanner was closed')
      // Starting again after dispose does nothing.
      scanner.start([base])
      await expect(scanner.report('all', Date.now(), [], true)).rejects.toThrow('not running')
    },
    WORKER_TEST_MS
  )
})

describe('RootWatcher', () => {
  it('awaits a missing projects folder however deep, and reports the files made with it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tessera-root-watcher-'))
    const root = join(base, 'home', 'user', '.claude', 'projects')
    const waiter = createConditionWaiter()
    const reported = new Set<string>()
    const warnings: string[] = []
    const watcher = new RootWatcher({
      onFiles: (paths) => {
        for (const path of paths) reported.add(path)
        waiter.notify()
      },
      onWarn: (message) => warnings.push(message)
    })
    try {
      expect(watcher.watch(root)).toBe(false)
      // Still awaited, still missing.
      expect(watcher.watch(root)).toBe(false)
      const file = join(root, 'project', 's.jsonl')
      mkdirSync(join(root, 'project'), { recursive: true })
      writeFileSync(file, line('s', 1, 1))
      await waiter.until(() => reported.has(file))
      expect(watcher.watch(root)).toBe(true)
      // Followed from then on.
      const next = join(root, 'project', 't.jsonl')
      writeFileSync(next, line('t', 1, 1))
      await waiter.until(() => reported.has(next))
      expect(warnings).toEqual([])
    } finally {
      watcher.close()
    }
  })
})
