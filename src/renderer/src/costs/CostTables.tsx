import type { CostReport, CostRow } from '../../../shared/costs'
import { formatCount, formatDollarsPrecise, formatTokens, rowCostText, totalTokens } from './cost-format'

// The cost panel's tables: one per grouping, each row with its requests, tokens by
// class and cost. Sessions no Tessera pane ran are marked as such.

const GROUPS = [
  { key: 'byPane', title: 'By pane', name: 'Pane' },
  { key: 'byModel', title: 'By model', name: 'Model' },
  { key: 'byDay', title: 'By day', name: 'Day' },
  { key: 'byFolder', title: 'By folder', name: 'Folder' }
] as const

export const OUTSIDE_TESSERA = 'not from a Tessera pane'

/** Newest day first; other groups by spend, then by tokens (a model without a price has no spend). */
export function sortedRows(rows: readonly CostRow[], byDay: boolean): CostRow[] {
  if (byDay) return [...rows].sort((a, b) => b.key.localeCompare(a.key))
  return [...rows].sort((a, b) => b.cost - a.cost || totalTokens(b.tokens) - totalTokens(a.tokens))
}

function costTitle(row: CostRow): string {
  const priced = row.unpricedModels.length ? `\nNo price for ${row.unpricedModels.join(', ')}: their tokens are counted, their cost is unknown` : ''
  return `${formatDollarsPrecise(row.cost)} for priced models${priced}`
}

function tokensTitle(row: CostRow): string {
  const { tokens } = row
  return [
    `Input ${formatCount(tokens.input)}`,
    `Output ${formatCount(tokens.output)}`,
    `Cache writes ${formatCount(tokens.cacheWrite5m)} (5 min), ${formatCount(tokens.cacheWrite1h)} (1 h)`,
    `Cache reads ${formatCount(tokens.cacheRead)}`
  ].join('\n')
}

function Row({ row }: { row: CostRow }): React.JSX.Element {
  const { tokens } = row
  return (
    <tr data-key={row.key} data-outside={row.outsideTessera ? '' : undefined}>
      <th scope="row" title={row.key}>
        <span className="cost-label">{row.label}</span>
        {row.outsideTessera && <span className="cost-outside">{OUTSIDE_TESSERA}</span>}
      </th>
      <td>{formatCount(row.requests)}</td>
      <td title={tokensTitle(row)}>{formatTokens(tokens.input)}</td>
      <td title={tokensTitle(row)}>{formatTokens(tokens.output)}</td>
      <td title={tokensTitle(row)}>{formatTokens(tokens.cacheWrite5m + tokens.cacheWrite1h)}</td>
      <td title={tokensTitle(row)}>{formatTokens(tokens.cacheRead)}</td>
      <td className="cost-dollars" title={costTitle(row)}>
        {rowCostText(row)}
      </td>
    </tr>
  )
}

function Table({ title, name, rows, byDay }: { title: string; name: string; rows: readonly CostRow[]; byDay: boolean }): React.JSX.Element {
  return (
    <section className="cost-group">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="cost-empty">Nothing in this range.</p>
      ) : (
        <table className="cost-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{name}</th>
              <th scope="col">Requests</th>
              <th scope="col">Input</th>
              <th scope="col">Output</th>
              <th scope="col">Cache writes</th>
              <th scope="col">Cache reads</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {sortedRows(rows, byDay).map((row) => (
              <Row key={row.key} row={row} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function CostTables({ report }: { report: CostReport }): React.JSX.Element {
  return (
    <>
      {GROUPS.map((group) => (
        <Table key={group.key} title={group.title} name={group.name} rows={report[group.key]} byDay={group.key === 'byDay'} />
      ))}
    </>
  )
}
