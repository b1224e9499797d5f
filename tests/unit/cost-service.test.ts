import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CostService, costsDocument, type CostSource } from '../../src/main/costs/index'
import { StateStore } from '../../src/main/persistence'
import type { PaneInfo } from '../../src/shared/bridge'
import type { CostReport, PaneCost, PriceTable, TokenCounts } from '../../src/shared/costs'
import { captureLog } from '../support/log-capture'

// The service's own rules, over a fake counting engine: which sessions a pane owns, budgets
// announced once per crossing, prices, and what survives a restart.

const NO_TOKENS: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
const DEFAULTS: PriceTable = [{ model: 'claude-test', rates: { input: 1, output: 2, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } }]

class FakeSource implements CostSource {
  readonly dollars = new Map<string, number>()
  prices: PriceTable = []
  asked: string[][] = []
  start(): void {}
  watch(): void {}
  fileChanged(): void {}
  setPrices(table: PriceTable): void {
    this.prices = table
  }
  sessionCost(sessionIds: string[]): Promise<PaneCost> {
    this.asked.push(sessionIds)
    const cost = sessionIds.reduce((sum, id) => sum + (this.dollars.get(id) ?? 0), 0)
    return Promise.resolve({ tokens: NO_TOKENS, cost, unpricedModels: [], models: [], context: { tokens: 300_000, window: 200_000, model: 'claude-opus-4-8' } })
  }
  report(range: CostReport['range']): Promise<CostReport> {
    const cost = [...this.dollars.values()].reduce((sum, value) => sum + value, 0)
    const total = { key: 'total', label: 'Total', tokens: NO_TOKENS, cost, unpricedModels: [], requests: 0 }
    return Promise.resolve({ range, at: new Date(0).toISOString(), total, byPane: [], byModel: [], byDay: [], byFolder: [], series: { days: [], models: [] }, complete: true })
  }
  dispose(): void {}
}

const stores: StateStore[] = []
afterEach(() => stores.splice(0).forEach((store) => store.close()))

interface Rig {
  service: CostService
  source: FakeSource
  shown: Map<string, PaneCost>
  budgets: Array<{ scope: string; state: string; paneId?: string }>
  store: StateStore
}

function rig(dataDir = mkdtempSync(join(tmpdir(), 'tessera-costs-'))): Rig & { dataDir: string } {
  const store = StateStore.open(dataDir, captureLog().log)
  stores.push(store)
  const source = new FakeSource()
  const shown = new Map<string, PaneCost>()
  const budgets: Rig['budgets'] = []
  const service = new CostService({
    document: store.document(costsDocument),
    source,
    defaults: DEFAULTS,
    showPaneCost: (paneId, cost) => shown.set(paneId, cost),
    emitChanged: () => undefined,
    emitBudget: (event) => budgets.push(event),
    log: captureLog().log
  })
  return { service, source, shown, budgets, store, dataDir }
}

const claudePane = (id: string, sessionId: string, title = 'claude — project'): PaneInfo =>
  ({ id, kind: 'claude', title, cwd: '/p', cols: 80, rows: 24, agent: { sessionId, explain: [] } }) as PaneInfo

const PANE = '11111111-1111-4111-8111-111111111111'

describe('the cost service', () => {
  it('counts every session a pane ran: its first and the ones /clear started', async () => {
    const { service, source, shown } = rig()
    service.scanComplete()
    source.dollars.set('s1', 1.5)
    service.panesChanged([claudePane(PANE, 's1')], () => undefined)
    service.panesChanged([claudePane(PANE, 's2')], () => undefined)
    source.dollars.set('s2', 0.25)
    await service.sessionsChanged(['s2'])
    expect(source.asked.at(-1)).toEqual(['s1', 's2'])
    expect(shown.get(PANE)?.cost).toBe(1.75)
  })

  it('announces a pane budget once at 80 % and once at 100 %, and never for shells', async () => {
    const { service, source, shown, budgets } = rig()
    service.scanComplete()
    service.panesChanged([claudePane(PANE, 's1'), { ...claudePane('22222222-2222-4222-8222-222222222222', 'x'), kind: 'shell' } as PaneInfo], () => undefined)
    await service.setPaneBudget(PANE, 10)
    for (const spent of [7, 8.5, 9, 10.5, 12]) {
      source.dollars.set('s1', spent)
      await service.sessionsChanged(['s1'])
    }
    expect(budgets.map((event) => event.state)).toEqual(['warning', 'exceeded'])
    expect(shown.get(PANE)?.budget).toEqual({ limit: 10, spent: 12, state: 'exceeded' })
    await expect(service.setPaneBudget('22222222-2222-4222-8222-222222222222', 5)).rejects.toThrow(/only Claude panes/)
  })

  it('goes back to the default prices for an empty table', async () => {
    const { service, source } = rig()
    const mine: PriceTable = [{ model: 'claude-mine', rates: { input: 9, output: 9, cacheWrite5m: 9, cacheWrite1h: 9, cacheRead: 9 } }]
    await service.setPrices(mine)
    expect(source.prices).toEqual(mine)
    expect(service.settings().prices).toEqual(mine)
    await service.setPrices([])
    expect(source.prices).toEqual(DEFAULTS)
    expect(service.settings()).toMatchObject({ prices: DEFAULTS, defaults: DEFAULTS, dailyBudget: null })
  })

  it('after a restart shows the last figures before the transcripts are read, and keeps a crossed budget quiet', async () => {
    const first = rig()
    first.service.scanComplete()
    first.service.panesChanged([claudePane(PANE, 's1')], () => undefined)
    await first.service.setPaneBudget(PANE, 1)
    first.source.dollars.set('s1', 2)
    await first.service.sessionsChanged(['s1'])
    expect(first.budgets).toHaveLength(1)
    first.store.close()

    const second = rig(first.dataDir)
    second.service.panesChanged([claudePane(PANE, 's1')], () => undefined)
    expect(second.shown.get(PANE)?.cost).toBe(2)
    expect(second.source.asked).toEqual([])
    second.source.dollars.set('s1', 2.5)
    second.service.scanComplete()
    await second.service.sessionsChanged(['s1'])
    expect(second.shown.get(PANE)?.cost).toBe(2.5)
    expect(second.budgets).toEqual([])
  })

  it('announces the daily budget when the day’s spend crosses it', async () => {
    const { service, source, budgets } = rig()
    service.scanComplete()
    await service.setDailyBudget(5)
    source.dollars.set('a', 4.5)
    await service.sessionsChanged(['a'])
    source.dollars.set('b', 1)
    await service.sessionsChanged(['b'])
    expect(budgets).toEqual([
      { scope: 'daily', state: 'warning', limit: 5, spent: 4.5 },
      { scope: 'daily', state: 'exceeded', limit: 5, spent: 5.5 }
    ])
    expect((await service.report('7d')).dailyBudget).toEqual({ limit: 5, spent: 5.5, state: 'exceeded' })
  })

  it('measures the context of a pane whose CLI runs a 1M variant over a 1M window', async () => {
    const { service, source, shown } = rig()
    service.scanComplete()
    source.dollars.set('s1', 1)
    const pane = claudePane(PANE, 's1')
    service.panesChanged([{ ...pane, agent: { sessionId: 's1', explain: [], activeModel: 'claude-opus-4-8[1m]' } }], () => undefined)
    await service.sessionsChanged(['s1'])
    expect(shown.get(PANE)?.context).toEqual({ tokens: 300_000, window: 1_000_000, model: 'claude-opus-4-8' })
    // The same model without the variant keeps the price table's window.
    service.panesChanged([{ ...pane, agent: { sessionId: 's1', explain: [], activeModel: 'claude-opus-4-8' } }], () => undefined)
    await service.sessionsChanged(['s1'])
    expect(shown.get(PANE)?.context?.window).toBe(200_000)
  })
})
