import { join } from 'node:path'
import type { PaneInfo } from '../../shared/bridge'
import type { CostRange, CostReport, PaneCost, PriceTable } from '../../shared/costs'
import type { Logger } from '../log'
import type { StateDocument } from '../persistence'
import { budgetStatus, BudgetCrossings } from './budgets'
import type { Costs, PaneCosts } from './costs-document'
import type { RangeCost, RangeGroup } from './range-cost'

/** The counting engine as the service uses it (a worker in the host, see cost-scanner.ts). */
export interface CostSource {
  start(projectDirs: string[]): void
  watch(projectDir: string): void
  fileChanged(path: string): void
  setPrices(table: PriceTable): void
  sessionCost(sessionIds: string[]): Promise<PaneCost>
  report(range: CostRange, now: number, panes: Array<{ paneId: string; label: string; sessionIds: string[] }>, complete: boolean): Promise<CostReport>
  /** Usage within time slices of some sessions (a task's stages); optional, so sources without it still fit. */
  rangeCosts?(groups: RangeGroup[]): Promise<RangeCost[][]>
  dispose(): Promise<void> | void
}

export interface CostServiceOptions {
  document: StateDocument<Costs>
  source: CostSource
  defaults: PriceTable
  /** Shows a pane's figures in its info (and so in its header). */
  showPaneCost(paneId: string, cost: PaneCost): void
  /** The report or a budget changed: clients hear about it. */
  emitChanged(): void
  emitBudget(event: { scope: 'pane' | 'daily'; paneId?: string; state: 'warning' | 'exceeded'; limit: number; spent: number }): void
  log: Logger
  now?: () => number
}

/** How often at most an open cost panel is told to ask again. */
const CHANGED_THROTTLE_MS = 500

/**
 * Tokens and dollars per pane: which Claude sessions each pane ran (kept in the state
 * store), their figures from the transcripts (counted by the CostSource), budgets and
 * prices. Nothing is ever stopped for a budget: crossings are announced, once each.
 */
export class CostService {
  private readonly crossings = new BudgetCrossings()
  private scanned = false
  private changedTimer: NodeJS.Timeout | undefined
  private readonly now: () => number
  private readonly roots = new Set<string>()
  /** Panes whose CLI runs a 1M-context variant ("claude-opus-4-8[1m]"): the transcript names only the base id. */
  private readonly millionWindow = new Map<string, string>()

  constructor(private readonly options: CostServiceOptions) {
    this.now = options.now ?? Date.now
    options.source.setPrices(this.prices())
    // A budget crossed before a restart is not announced again.
    for (const [paneId, pane] of Object.entries(this.document.panes)) if (!pane.closed) this.crossings.rose(`pane:${paneId}`, pane.lastCost?.budget)
  }

  /** Starts reading the transcripts under these Claude config dirs (the user's, say). */
  start(configDirs: string[]): void {
    for (const dir of configDirs) this.roots.add(projectsDir(dir))
    this.options.source.start([...this.roots])
  }

  /** The first full read of the transcripts on disk is done: reports are complete. */
  scanComplete(): void {
    this.scanned = true
    void this.inBackground(this.refreshAll())
  }

  /** Keeps each Claude pane's sessions and label current (called with every panes.changed list). */
  panesChanged(list: readonly PaneInfo[], configDirOf: (paneId: string) => string | undefined): void {
    let changed = false
    for (const info of list) {
      if (info.kind !== 'claude') continue
      const sessionId = info.agent?.sessionId
      this.noteWindow(info)
      const entry = this.document.panes[info.id] ?? { sessionIds: [], label: info.title }
      // A restored pane shows its figures from before at once, until the transcripts are read again.
      if (!info.cost && entry.lastCost) this.options.showPaneCost(info.id, entry.lastCost)
      const next: PaneCosts = { ...entry, label: info.title || entry.label }
      if (sessionId && !entry.sessionIds.includes(sessionId)) next.sessionIds = [...entry.sessionIds, sessionId]
      if (next.label !== entry.label || next.sessionIds !== entry.sessionIds || !this.document.panes[info.id]) {
        this.setPane(info.id, next)
        changed = true
        if (next.sessionIds !== entry.sessionIds) void this.inBackground(this.refreshPane(info.id))
      }
      const dir = configDirOf(info.id)
      if (dir && !this.roots.has(projectsDir(dir))) {
        this.roots.add(projectsDir(dir))
        this.options.source.watch(projectsDir(dir))
      }
    }
    if (changed) this.changed()
  }

  /** A hook named the pane's transcript (Stop, a tool done…): it is read now, not at the next file event. */
  transcriptTouched(path: string): void {
    this.options.source.fileChanged(path)
  }

  /** The source counted new usage for these sessions. Never rejects: a failed count is logged. */
  sessionsChanged(sessionIds: readonly string[]): Promise<void> {
    return this.inBackground(this.refreshSessions(sessionIds))
  }

  private async refreshSessions(sessionIds: readonly string[]): Promise<void> {
    const touched = new Set(sessionIds)
    const panes = Object.entries(this.document.panes).filter(([, pane]) => !pane.closed && pane.sessionIds.some((id) => touched.has(id)))
    await Promise.all(panes.map(([paneId]) => this.refreshPane(paneId)))
    await this.checkDailyBudget()
    this.changed()
  }

  /** A pane closed for good: its figures stay in the reports under its last title. */
  paneClosed(paneId: string): void {
    const pane = this.document.panes[paneId]
    if (pane) this.setPane(paneId, { ...pane, closed: true })
    this.crossings.forget(`pane:${paneId}`)
  }

  async report(range: CostRange): Promise<CostReport> {
    const panes = Object.entries(this.document.panes).map(([paneId, pane]) => ({ paneId, label: pane.label, sessionIds: pane.sessionIds }))
    const report = await this.options.source.report(range, this.now(), panes, this.scanned)
    const { dailyBudget } = this.document
    if (dailyBudget === null) return report
    const today = range === 'today' ? report : await this.options.source.report('today', this.now(), panes, this.scanned)
    return { ...report, dailyBudget: budgetStatus(dailyBudget, today.total.cost) }
  }

  /**
   * Usage of each group's sessions within each of its time slices (a task's stages); null
   * until the first full read of the transcripts is done (figures would be partial) or when
   * the source cannot slice.
   */
  async rangeCosts(groups: RangeGroup[]): Promise<RangeCost[][] | null> {
    if (!this.scanned || !this.options.source.rangeCosts) return null
    return this.options.source.rangeCosts(groups)
  }

  settings(): { prices: PriceTable; dailyBudget: number | null; defaults: PriceTable } {
    return { prices: this.prices(), dailyBudget: this.document.dailyBudget, defaults: this.options.defaults }
  }

  /** An empty table goes back to the defaults. */
  async setPrices(prices: PriceTable): Promise<void> {
    this.update({ prices: prices.length > 0 ? prices : null })
    this.options.source.setPrices(this.prices())
    await this.refreshAll()
  }

  async setDailyBudget(limit: number | null): Promise<void> {
    this.update({ dailyBudget: limit })
    this.crossings.forget('daily')
    await this.checkDailyBudget()
    this.changed()
  }

  /** Throws when the pane is not a Claude pane Tessera counts. */
  async setPaneBudget(paneId: string, limit: number | null): Promise<void> {
    const pane = this.document.panes[paneId]
    if (!pane || pane.closed) throw new Error(`Pane ${paneId} has no costs to budget: only Claude panes are counted`)
    const next: PaneCosts = { ...pane }
    if (limit === null) delete next.budget
    else next.budget = limit
    this.setPane(paneId, next)
    this.crossings.forget(`pane:${paneId}`)
    await this.refreshPane(paneId)
  }

  async dispose(): Promise<void> {
    clearTimeout(this.changedTimer)
    await this.options.source.dispose()
  }

  private get document(): Costs {
    return this.options.document.get()
  }

  private prices(): PriceTable {
    return this.document.prices ?? this.options.defaults
  }

  private async refreshAll(): Promise<void> {
    const open = Object.entries(this.document.panes).filter(([, pane]) => !pane.closed)
    await Promise.all(open.map(([paneId]) => this.refreshPane(paneId)))
    await this.checkDailyBudget()
    this.changed()
  }

  private async refreshPane(paneId: string): Promise<void> {
    const pane = this.document.panes[paneId]
    // Before the first full read, a count would be partial: the last figures stand until then.
    if (!this.scanned || !pane || pane.closed || pane.sessionIds.length === 0) return
    const counted = await this.options.source.sessionCost(pane.sessionIds)
    const current = this.document.panes[paneId]
    // Closed while it was counted.
    if (!current || current.closed) return
    const windowed = this.withPaneWindow(paneId, counted)
    const cost: PaneCost = current.budget === undefined ? windowed : { ...windowed, budget: budgetStatus(current.budget, windowed.cost) }
    this.setPane(paneId, { ...current, lastCost: cost })
    this.options.showPaneCost(paneId, cost)
    const rose = this.crossings.rose(`pane:${paneId}`, cost.budget)
    if (rose && cost.budget) this.options.emitBudget({ scope: 'pane', paneId, state: rose, limit: cost.budget.limit, spent: cost.budget.spent })
  }

  private async checkDailyBudget(): Promise<void> {
    const { dailyBudget } = this.document
    if (dailyBudget === null) return
    const today = await this.report('today')
    const status = today.dailyBudget
    const rose = this.crossings.rose('daily', status)
    if (rose && status) this.options.emitBudget({ scope: 'daily', state: rose, limit: status.limit, spent: status.spent })
  }

  private noteWindow(info: PaneInfo): void {
    const active = info.agent?.activeModel
    if (active?.endsWith(MILLION_SUFFIX)) this.millionWindow.set(info.id, active.slice(0, -MILLION_SUFFIX.length))
    else this.millionWindow.delete(info.id)
  }

  /** The context bar over the window the pane's CLI really has. */
  private withPaneWindow(paneId: string, cost: PaneCost): PaneCost {
    const base = this.millionWindow.get(paneId)
    if (!cost.context || base === undefined || cost.context.model !== base) return cost
    return { ...cost, context: { ...cost.context, window: MILLION_TOKENS } }
  }

  /** A count nobody awaits: a failure (the scanner closed or stuck) is logged, the last figures stand. */
  private inBackground(work: Promise<void>): Promise<void> {
    return work.catch((error: unknown) => this.options.log.warn('cost figures not refreshed', { error: String(error) }))
  }

  private setPane(paneId: string, pane: PaneCosts): void {
    this.update({ panes: { ...this.document.panes, [paneId]: pane } })
  }

  private update(change: Partial<Costs>): void {
    this.options.document.set({ ...this.document, ...change })
  }

  private changed(): void {
    if (this.changedTimer) return
    this.changedTimer = setTimeout(() => {
      this.changedTimer = undefined
      this.options.emitChanged()
    }, CHANGED_THROTTLE_MS)
  }
}

const MILLION_SUFFIX = '[1m]'
const MILLION_TOKENS = 1_000_000

const projectsDir = (configDir: string): string => join(configDir, 'projects')
