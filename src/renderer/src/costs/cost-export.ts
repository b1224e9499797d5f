import type { CostReport, CostRow } from '../../../shared/costs'

// The cost panel's downloads: the report as CSV (one row per group row) and as JSON
// (the report as the host sent it), named by range and date.

const GROUPS = [
  ['pane', 'byPane'],
  ['model', 'byModel'],
  ['day', 'byDay'],
  ['folder', 'byFolder']
] as const satisfies readonly (readonly [string, keyof CostReport])[]

const HEADER = [
  'group',
  'key',
  'label',
  'outside_tessera',
  'requests',
  'input_tokens',
  'output_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'cache_read_tokens',
  'cost_usd',
  'unpriced_models'
]

/** YYYY-MM-DD of `date` in this computer's time zone (the day the user lives in). */
export function localDay(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** "tessera-costs-7d-2026-11-24.csv". */
export function exportFileName(report: Pick<CostReport, 'range' | 'at'>, extension: 'csv' | 'json'): string {
  return `tessera-costs-${report.range}-${localDay(new Date(report.at))}.${extension}`
}

/**
 * Quoted when it holds a comma, quote or line break; a text that a spreadsheet would
 * run as a formula (a pane title starting with "=") is kept as text.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Dollars to the millionth: enough for any sum, without float noise (0.30000000000000004). */
const dollars = (value: number): string => String(Math.round(value * 1e6) / 1e6)

function line(group: string, row: CostRow): string {
  const { tokens } = row
  // No priced dollars at all: the cost is unknown, not $0.
  const cost = row.cost === 0 && row.unpricedModels.length > 0 ? '' : dollars(row.cost)
  const fields = [
    group,
    row.key,
    row.label,
    row.outsideTessera ? 'true' : 'false',
    String(row.requests),
    String(tokens.input),
    String(tokens.output),
    String(tokens.cacheWrite5m),
    String(tokens.cacheWrite1h),
    String(tokens.cacheRead),
    cost,
    row.unpricedModels.join(' ')
  ]
  return fields.map(cell).join(',')
}

export function reportCsv(report: CostReport): string {
  const rows = [HEADER.join(','), line('total', report.total)]
  for (const [group, key] of GROUPS) for (const row of report[key]) rows.push(line(group, row))
  return `${rows.join('\r\n')}\r\n`
}

export function reportJson(report: CostReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
