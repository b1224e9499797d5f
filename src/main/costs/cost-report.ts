import type { CostRange, CostReport, CostRow } from '../../shared/costs'
import { byCostThenTokens, type Pricer, Totals, TotalsMap } from './cost-totals'
import type { SessionUsage, UsageBucket } from './ledger'
import { formatDay, shiftDay } from './local-day'

export interface ReportPane {
  paneId: string
  label: string
  sessionIds: string[]
}

export interface ReportInput {
  range: CostRange
  now: Date
  panes: ReportPane[]
  sessions: Iterable<SessionUsage>
  pricer: Pricer
  complete: boolean
}

const RANGE_DAYS: Record<Exclude<CostRange, 'all'>, number> = { today: 1, '7d': 7, '30d': 30 }
const UNKNOWN_FOLDER = '(unknown folder)'

/**
 * The cost panel's figures over a range of local days ending today. Sessions no pane owns
 * (history on disk, other tools' runs) are grouped into one "Outside Tessera" row per folder.
 */
export function buildReport(input: ReportInput): CostReport {
  const { range, now, pricer } = input
  const firstDay = range === 'all' ? '' : shiftDay(now, 1 - RANGE_DAYS[range])
  const owner = ownerOf(input.panes)
  const total = new Totals()
  const byPane = new TotalsMap<string>()
  const outside = new TotalsMap<string>()
  const byModel = new TotalsMap<string>()
  const byDay = new TotalsMap<string>()
  const byFolder = new TotalsMap<string>()
  const dollars = new Map<string, Map<string, number>>()
  for (const session of input.sessions) {
    const folder = session.cwd ?? ''
    const paneId = owner.get(session.sessionId)
    for (const bucket of session.buckets.values()) {
      if (bucket.day < firstDay || bucket.requests === 0) continue
      const cost = pricer.bucketCost(bucket)
      const add = (totals: Totals): void => totals.add(bucket, cost)
      add(total)
      add(paneId === undefined ? outside.of(folder) : byPane.of(paneId))
      add(byModel.of(bucket.model))
      add(byDay.of(bucket.day))
      add(byFolder.of(folder))
      if (cost !== undefined) addDollars(dollars, bucket, cost)
    }
  }
  const days = seriesDays(firstDay || [...byDay.keys()].sort()[0], formatDay(now))
  return {
    range,
    at: now.toISOString(),
    total: total.row('total', 'Total'),
    byPane: [
      ...input.panes.map((pane) => byPane.of(pane.paneId).row(pane.paneId, pane.label)),
      ...rows(outside, (folder) => `Outside Tessera · ${folder || UNKNOWN_FOLDER}`, true).map((row) => ({ ...row, key: `outside:${row.key}` }))
    ],
    byModel: rows(byModel, (model) => model),
    byDay: rows(byDay, (day) => day).sort((a, b) => a.key.localeCompare(b.key)),
    byFolder: rows(byFolder, (folder) => folder || UNKNOWN_FOLDER),
    series: { days, models: seriesModels(dollars, days) },
    complete: input.complete
  }
}

/** Which pane ran each session (a session claimed twice stays with the first pane). */
function ownerOf(panes: ReportPane[]): Map<string, string> {
  const owner = new Map<string, string>()
  for (const pane of panes) for (const sessionId of pane.sessionIds) if (!owner.has(sessionId)) owner.set(sessionId, pane.paneId)
  return owner
}

function rows(totals: TotalsMap<string>, label: (key: string) => string, outsideTessera?: boolean): CostRow[] {
  return [...totals].map(([key, sums]) => sums.row(key, label(key), outsideTessera)).sort(byCostThenTokens)
}

function addDollars(dollars: Map<string, Map<string, number>>, bucket: UsageBucket, cost: number): void {
  let perDay = dollars.get(bucket.model)
  if (!perDay) {
    perDay = new Map()
    dollars.set(bucket.model, perDay)
  }
  perDay.set(bucket.day, (perDay.get(bucket.day) ?? 0) + cost)
}

/** Every local day from the first to today; none when there is no first (no usage at all). */
function seriesDays(first: string | undefined, today: string): string[] {
  if (first === undefined) return []
  const days: string[] = []
  const [year, month, day] = first.split('-').map(Number) as [number, number, number]
  for (let date = new Date(year, month - 1, day); ; date = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1)) {
    const current = formatDay(date)
    days.push(current)
    if (current >= today) return days
  }
}

function seriesModels(dollars: Map<string, Map<string, number>>, days: string[]): CostReport['series']['models'] {
  return [...dollars]
    .map(([model, perDay]) => ({ model, dollars: days.map((day) => perDay.get(day) ?? 0), sum: [...perDay.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.sum - a.sum || a.model.localeCompare(b.model))
    .map(({ model, dollars: values }) => ({ model, dollars: values }))
}
