import { lazy, Suspense, useState } from 'react'
import type { CostRange, CostReport } from '../../../shared/costs'
import { Dialog } from '../components/Dialog'
import { useWorkbench } from '../state/context'
import { formatCount, formatTokens, rowCostText, totalTokens } from './cost-format'
import { exportFileName, reportCsv, reportJson } from './cost-export'
import { hasSpend } from './chart-data'
import { CostTables } from './CostTables'
import { DailyBudget } from './DailyBudget'
import { useCostReport } from './use-cost-report'
import './costs.css'

// uPlot comes with the chart, only once the panel opens.
const CostChart = lazy(() => import('./CostChart'))

const RANGES: readonly { key: CostRange; label: string }[] = [
  { key: 'today', label: 'Today' },
  { key: '7d', label: '7 days' },
  { key: '30d', label: '30 days' },
  { key: 'all', label: 'All' }
]

/** How often an open panel asks again while usage keeps arriving. */
const REFRESH_MS = 1000

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  // After the click has handed the file over.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** Up and down move the caret in a field; the Dialog would take them for its list navigation. */
function keepFieldKeys(event: React.KeyboardEvent): void {
  if ((event.target as HTMLElement).matches('input') && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) event.stopPropagation()
}

function RangeTabs({ range, onChange }: { range: CostRange; onChange: (range: CostRange) => void }): React.JSX.Element {
  const onKey = (event: React.KeyboardEvent): void => {
    const index = RANGES.findIndex((entry) => entry.key === range)
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: RANGES.length - 1 }
    const target = moves[event.key]
    if (target === undefined) return
    event.preventDefault()
    const next = RANGES[(target + RANGES.length) % RANGES.length]
    if (next) onChange(next.key)
  }
  return (
    <div className="settings-tabs cost-ranges" role="tablist" aria-label="Range" onKeyDown={onKey}>
      {RANGES.map((entry) => (
        <button
          key={entry.key}
          type="button"
          role="tab"
          className="settings-tab"
          aria-selected={range === entry.key}
          tabIndex={range === entry.key ? 0 : -1}
          data-autofocus={range === entry.key ? '' : undefined}
          onClick={() => onChange(entry.key)}
        >
          {entry.label}
        </button>
      ))}
    </div>
  )
}

function Totals({ report }: { report: CostReport }): React.JSX.Element {
  const { total } = report
  return (
    <div className="cost-totals" role="group" aria-label="Totals">
      <span className="cost-total" data-testid="cost-total">
        {rowCostText(total)}
      </span>
      <span>
        {formatCount(total.requests)} {total.requests === 1 ? 'request' : 'requests'}
      </span>
      <span title={`${formatCount(totalTokens(total.tokens))} tokens`}>{formatTokens(totalTokens(total.tokens))} tokens</span>
      {total.unpricedModels.length > 0 && <span className="cost-unpriced">No price for {total.unpricedModels.join(', ')}: their tokens are counted, their cost is unknown</span>}
    </div>
  )
}

function Exports({ report }: { report: CostReport }): React.JSX.Element {
  return (
    <div className="cost-exports">
      <button type="button" className="text-button" onClick={() => download(exportFileName(report, 'csv'), reportCsv(report), 'text/csv')}>
        Export CSV
      </button>
      <button type="button" className="text-button" onClick={() => download(exportFileName(report, 'json'), reportJson(report), 'application/json')}>
        Export JSON
      </button>
    </div>
  )
}

/** The chart, or why there is none: bars need priced dollars (unpriced tokens have none). */
function SpendChart({ series }: { series: CostReport['series'] }): React.JSX.Element | null {
  if (series.days.length === 0) return null
  if (!hasSpend(series)) return <p className="cost-note">No priced spend in this range to chart.</p>
  return (
    <Suspense fallback={<div className="cost-chart" />}>
      <CostChart series={series} />
    </Suspense>
  )
}

function ReportView({ report, stale, refresh }: { report: CostReport; stale: boolean; refresh: () => void }): React.JSX.Element {
  return (
    <div className="cost-report" aria-busy={stale || undefined}>
      {!report.complete && (
        <p className="cost-partial" role="status">
          Still reading history… the figures grow until every transcript on disk is read.
        </p>
      )}
      <Totals report={report} />
      <SpendChart series={report.series} />
      <CostTables report={report} />
      <DailyBudget budget={report.dailyBudget} onChanged={refresh} />
      <Exports report={report} />
    </div>
  )
}

/** Spend per pane, model, day and folder over a range, with the chart, exports and the daily budget. */
export function CostPanel(): React.JSX.Element {
  const workbench = useWorkbench()
  const [range, setRange] = useState<CostRange>('today')
  const { report, problem, refresh } = useCostReport(range, REFRESH_MS)
  return (
    <Dialog title="Costs" className="cost-panel" onClose={() => workbench.setOverlay(null)}>
      <div className="cost-body" onKeyDown={keepFieldKeys}>
        <RangeTabs range={range} onChange={setRange} />
        {problem && (
          <p className="settings-error" role="alert">
            {problem}
          </p>
        )}
        {report ? <ReportView report={report} stale={report.range !== range} refresh={refresh} /> : !problem && <p className="cost-empty">Loading…</p>}
      </div>
    </Dialog>
  )
}
