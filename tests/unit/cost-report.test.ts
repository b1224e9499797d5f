import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CostEngine } from '../../src/main/costs/cost-engine'
import type { ReportPane } from '../../src/main/costs/cost-report'
import { CostReport, type CostRow, type PriceTable, type TokenCounts } from '../../src/shared/costs'
import { assistantLine, type AssistantLine } from '../support/transcript-lines'

// The cost panel's report: ranges of local days, rows per pane (sessions no pane ran grouped
// as "Outside Tessera" per folder), model, day and folder, models without a price listed and
// never summed as $0, the chart's series; and a pane's context fill from its last request.

// Auckland is 12 hours ahead of UTC in June (no daylight saving), so a local day differs
// from its UTC day for half of every day.
const ZONE = 'Pacific/Auckland'
let zoneBefore: string | undefined
beforeAll(() => {
  zoneBefore = process.env.TZ
  process.env.TZ = ZONE
})
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ
  else process.env.TZ = zoneBefore
})

const tokens = (patch: Partial<TokenCounts> = {}): TokenCounts => ({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, ...patch })
const MILLION = 1_000_000

/** $1 and $2 per million input tokens: every figure below is whole dollars. */
const PRICES: PriceTable = [
  { model: 'm-a', rates: { input: 1, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } },
  { model: 'm-b', rates: { input: 2, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } }
]

let requestNumber = 0
/** Writes each transcript (relative path → lines) under a new projects folder and counts it all. */
function engineWith(files: Record<string, Array<Omit<AssistantLine, 'messageId' | 'requestId'> | string>>, prices?: PriceTable): CostEngine {
  const root = mkdtempSync(join(tmpdir(), 'tessera-cost-report-'))
  for (const [path, lines] of Object.entries(files)) {
    const file = join(root, path)
    mkdirSync(dirname(file), { recursive: true })
    const text = lines.map((line) => {
      if (typeof line === 'string') return line
      requestNumber += 1
      return assistantLine({ messageId: `msg_${requestNumber}`, requestId: `req_${requestNumber}`, ...line })
    })
    writeFileSync(file, text.join('\n') + '\n')
  }
  const engine = new CostEngine(prices)
  engine.scanRoots([root])
  return engine
}

describe('buildReport', () => {
  // "Now" is 2025-06-30 12:30 in Auckland.
  const NOW = Date.parse('2025-06-30T00:30:00.000Z')
  // Local times of the lines (UTC + 12 h): the amounts double, so each sum names its rows.
  //   $1  m-a  pane-1-first        06-30 01:00  /work/alpha  (06-29 in UTC)
  //   $2  m-b  pane-1-after-clear  06-30 08:00  /work/alpha
  //   $0  mystery-model (no price) 06-30 09:00  /work/gamma, outside
  //   $4  m-a  pane-2              06-24 00:00  /work/beta   (first day of 7d)
  //   $8  m-a  outside-1           06-23 23:59  /work/beta   (last minute before 7d)
  //   $16 m-b  outside-2           06-01 00:00  /work/gamma  (first day of 30d)
  //   $32 m-a  outside-3           05-31 23:59  no folder    (only in 'all')
  const noFolder = JSON.parse(assistantLine({ sessionId: 'outside-3', messageId: 'msg_o3', requestId: 'req_o3', model: 'm-a', timestamp: '2025-05-31T11:59:00.000Z', usage: { input: 32 * MILLION } })) as Record<string, unknown>
  const engine = (): CostEngine =>
    engineWith(
      {
        'alpha/pane-1-first.jsonl': [{ sessionId: 'pane-1-first', model: 'm-a', cwd: '/work/alpha', timestamp: '2025-06-29T13:00:00.000Z', usage: { input: MILLION } }],
        'alpha/pane-1-after-clear.jsonl': [{ sessionId: 'pane-1-after-clear', model: 'm-b', cwd: '/work/alpha', timestamp: '2025-06-29T20:00:00.000Z', usage: { input: MILLION } }],
        'gamma/mystery.jsonl': [{ sessionId: 'mystery', model: 'mystery-model', cwd: '/work/gamma', timestamp: '2025-06-29T21:00:00.000Z', usage: { input: 1000, output: 500 } }],
        'beta/pane-2.jsonl': [{ sessionId: 'pane-2', model: 'm-a', cwd: '/work/beta', timestamp: '2025-06-23T12:00:00.000Z', usage: { input: 4 * MILLION } }],
        'beta/outside-1.jsonl': [{ sessionId: 'outside-1', model: 'm-a', cwd: '/work/beta', timestamp: '2025-06-23T11:59:00.000Z', usage: { input: 8 * MILLION } }],
        'gamma/outside-2.jsonl': [{ sessionId: 'outside-2', model: 'm-b', cwd: '/work/gamma', timestamp: '2025-05-31T12:00:00.000Z', usage: { input: 8 * MILLION } }],
        'unknown/outside-3.jsonl': [JSON.stringify({ ...noFolder, cwd: undefined })]
      },
      PRICES
    )
  const PANES: ReportPane[] = [
    { paneId: 'p1', label: 'Pane one', sessionIds: ['pane-1-first', 'pane-1-after-clear'] },
    { paneId: 'p2', label: 'Pane two', sessionIds: ['pane-2'] },
    { paneId: 'p3', label: 'Never prompted', sessionIds: [] }
  ]
  const brief = (rows: CostRow[]): Array<[string, number, number]> => rows.map((row) => [row.key, row.cost, row.requests])

  it('sums the local days of each range', () => {
    // The zone is in force: local noon-thirty.
    expect(new Date(NOW).getHours()).toBe(12)
    const counted = engine()
    // today: $1 + $2 (+ the unpriced one's tokens); 7d: + $4; 30d: + $8 + $16; all: + $32.
    const expected = { today: [3, 3], '7d': [7, 4], '30d': [31, 6], all: [63, 7] } as const
    for (const [range, [dollars, requests]] of Object.entries(expected)) {
      const report = counted.report(range as keyof typeof expected, NOW, PANES)
      expect(CostReport.parse(report)).toEqual(report)
      expect([range, report.total.cost, report.total.requests]).toEqual([range, dollars, requests])
      expect(report.total.unpricedModels).toEqual(['mystery-model'])
      expect(report.range).toBe(range)
      expect(report.at).toBe('2025-06-30T00:30:00.000Z')
    }
    expect(counted.report('today', NOW, PANES).total.tokens).toEqual(tokens({ input: 2 * MILLION + 1000, output: 500 }))
    expect(counted.report('today', NOW, PANES, false).complete).toBe(false)
  })

  it('rows per pane, then sessions no pane ran per folder as Outside Tessera', () => {
    const today = engine().report('today', NOW, PANES)
    // A pane's sessions before and after /clear both count.
    expect(brief(today.byPane)).toEqual([
      ['p1', 3, 2],
      ['p2', 0, 0],
      ['p3', 0, 0],
      ['outside:/work/gamma', 0, 1]
    ])
    const outside = today.byPane[3]
    expect(outside).toMatchObject({ label: 'Outside Tessera · /work/gamma', outsideTessera: true, unpricedModels: ['mystery-model'], tokens: tokens({ input: 1000, output: 500 }) })
    expect(today.byPane[0]).toMatchObject({ label: 'Pane one', unpricedModels: [] })
    expect(today.byPane[0]?.outsideTessera).toBeUndefined()

    const all = engine().report('all', NOW, PANES)
    expect(brief(all.byPane)).toEqual([
      ['p1', 3, 2],
      ['p2', 4, 1],
      ['p3', 0, 0],
      ['outside:', 32, 1],
      ['outside:/work/gamma', 16, 2],
      ['outside:/work/beta', 8, 1]
    ])
    expect(all.byPane[3]?.label).toBe('Outside Tessera · (unknown folder)')
  })

  it('rows per model, day and folder', () => {
    const all = engine().report('all', NOW, PANES)
    // m-a: 1 + 4 + 8 + 32 = $45; m-b: 2 + 16 = $18; the unpriced model: its tokens, no dollars.
    expect(brief(all.byModel)).toEqual([
      ['m-a', 45, 4],
      ['m-b', 18, 2],
      ['mystery-model', 0, 1]
    ])
    expect(all.byModel[2]).toMatchObject({ unpricedModels: ['mystery-model'], tokens: tokens({ input: 1000, output: 500 }) })
    expect(all.byModel[0]?.unpricedModels).toEqual([])
    // Local days, in order: 06-30 is $1 + $2.
    expect(brief(all.byDay)).toEqual([
      ['2025-05-31', 32, 1],
      ['2025-06-01', 16, 1],
      ['2025-06-23', 8, 1],
      ['2025-06-24', 4, 1],
      ['2025-06-30', 3, 3]
    ])
    // beta: 4 + 8 = $12; alpha: 1 + 2 = $3.
    expect(all.byFolder.map((row) => [row.label, row.cost])).toEqual([
      ['(unknown folder)', 32],
      ['/work/gamma', 16],
      ['/work/beta', 12],
      ['/work/alpha', 3]
    ])
    expect(all.byFolder[1]?.unpricedModels).toEqual(['mystery-model'])
  })

  it('charts dollars per model for every day of the range', () => {
    const counted = engine()
    const all = counted.report('all', NOW, PANES)
    // 2025-05-31 to 2025-06-30: 31 days; models by their sum, the unpriced one left out.
    expect(all.series.days).toHaveLength(31)
    expect([all.series.days[0], all.series.days[1], all.series.days[30]]).toEqual(['2025-05-31', '2025-06-01', '2025-06-30'])
    const dollarsOn = (report: CostReport, model: string): Record<string, number> => {
      const values = report.series.models.find((one) => one.model === model)?.dollars ?? []
      return Object.fromEntries(report.series.days.map((day, index) => [day, values[index] ?? NaN]).filter(([, value]) => value !== 0))
    }
    expect(all.series.models.map((one) => one.model)).toEqual(['m-a', 'm-b'])
    expect(all.series.models.every((one) => one.dollars.length === 31)).toBe(true)
    expect(dollarsOn(all, 'm-a')).toEqual({ '2025-05-31': 32, '2025-06-23': 8, '2025-06-24': 4, '2025-06-30': 1 })
    expect(dollarsOn(all, 'm-b')).toEqual({ '2025-06-01': 16, '2025-06-30': 2 })

    const week = counted.report('7d', NOW, PANES)
    expect(week.series.days).toEqual(['2025-06-24', '2025-06-25', '2025-06-26', '2025-06-27', '2025-06-28', '2025-06-29', '2025-06-30'])
    expect(week.series.models).toEqual([
      { model: 'm-a', dollars: [4, 0, 0, 0, 0, 0, 1] },
      { model: 'm-b', dollars: [0, 0, 0, 0, 0, 0, 2] }
    ])
    const today = counted.report('today', NOW, PANES)
    expect(today.series).toEqual({
      days: ['2025-06-30'],
      models: [
        { model: 'm-b', dollars: [2] },
        { model: 'm-a', dollars: [1] }
      ]
    })
  })

  it('reports nothing but empty pane rows without usage', () => {
    const report = engineWith({}).report('all', NOW, PANES)
    expect(report.total).toMatchObject({ cost: 0, requests: 0, unpricedModels: [], tokens: tokens() })
    expect(brief(report.byPane)).toEqual([
      ['p1', 0, 0],
      ['p2', 0, 0],
      ['p3', 0, 0]
    ])
    expect([report.byModel, report.byDay, report.byFolder, report.series]).toEqual([[], [], [], { days: [], models: [] }])
  })
})

describe('a pane\u2019s context fill', () => {
  const SONNET_4_5 = 'claude-sonnet-4-5-20250929'
  const at = (minute: number): string => new Date(Date.UTC(2025, 5, 1, 12, minute)).toISOString()

  it('comes from the last main-conversation request, not a later subagent request', () => {
    const files = {
      // Main: 20 in + 60,000 read + 1,000 5-minute + 500 1-hour writes = 61,520 (output is not context).
      'p/main.jsonl': [
        { sessionId: 'main', model: SONNET_4_5, timestamp: at(1), usage: { input: 10, cacheRead: 50_000, cacheWrite: 2000 } },
        { sessionId: 'main', model: SONNET_4_5, timestamp: at(2), usage: { input: 20, cacheRead: 60_000, split: { m5: 1000, h1: 500 }, output: 800 } }
      ],
      'p/main/subagents/agent-1.jsonl': [{ sessionId: 'main', model: 'claude-haiku-4-5-20251001', sidechain: true, timestamp: at(3), usage: { input: 5000 } }]
    }
    expect(engineWith(files).sessionCost(['main']).context).toEqual({ tokens: 61_520, window: 200_000, model: SONNET_4_5 })
  })

  it('follows /clear: the newer session\u2019s last request', () => {
    const engine = engineWith({
      'p/before.jsonl': [{ sessionId: 'before', model: SONNET_4_5, timestamp: at(1), usage: { input: 90_000 } }],
      'p/after.jsonl': [{ sessionId: 'after', model: 'claude-opus-4-5-20251101', timestamp: at(5), usage: { input: 3, cacheWrite: 12_000 } }]
    })
    expect(engine.sessionCost(['before', 'after']).context).toEqual({ tokens: 12_003, window: 200_000, model: 'claude-opus-4-5-20251101' })
    expect(engine.sessionCost(['after', 'before']).context?.tokens).toBe(12_003)
  })

  it('falls back to a subagent\u2019s request when the session has no other', () => {
    const engine = engineWith({ 'p/lone/subagents/agent-1.jsonl': [{ sessionId: 'lone', sidechain: true, model: SONNET_4_5, timestamp: at(1), usage: { input: 4000 } }] })
    expect(engine.sessionCost(['lone']).context).toEqual({ tokens: 4000, window: 200_000, model: SONNET_4_5 })
  })

  it('shows the 1M window above 200k on a model with a long-context tier; none for a model without a price', () => {
    const engine = engineWith({
      'p/long.jsonl': [{ sessionId: 'long', model: SONNET_4_5, timestamp: at(1), usage: { input: 50_000, cacheRead: 200_000 } }],
      'p/opus.jsonl': [{ sessionId: 'opus', model: 'claude-opus-4-5-20251101', timestamp: at(1), usage: { input: 50_000, cacheRead: 200_000 } }],
      'p/unknown.jsonl': [{ sessionId: 'unknown', model: 'claude-haiku-5-5', timestamp: at(1), usage: { input: 70_000 } }]
    })
    expect(engine.sessionCost(['long']).context).toEqual({ tokens: 250_000, window: 1_000_000, model: SONNET_4_5 })
    expect(engine.sessionCost(['opus']).context).toEqual({ tokens: 250_000, window: 200_000, model: 'claude-opus-4-5-20251101' })
    expect(engine.sessionCost(['unknown']).context).toEqual({ tokens: 70_000, window: null, model: 'claude-haiku-5-5' })
    expect(engine.sessionCost(['nothing-yet']).context).toBeNull()
    expect(engine.sessionCost(['nothing-yet'])).toEqual({ tokens: tokens(), cost: 0, unpricedModels: [], models: [], context: null })
  })
})
