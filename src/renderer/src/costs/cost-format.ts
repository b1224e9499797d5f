import type { BudgetStatus, PaneCost, TokenCounts } from '../../../shared/costs'

// The words and numbers the header, the cost panel and the budget dialog show for
// tokens and dollars. Pure, so each rule is unit-tested; components only lay them out.

/** The context bar turns amber from this fill, red from the next. */
export const CONTEXT_AMBER = 0.7
export const CONTEXT_RED = 0.9

export type ContextLevel = 'ok' | 'amber' | 'red'

/** "$0.42", "<$0.01", "$1,234": cents where they matter, whole dollars once they do not. */
export function formatDollars(dollars: number): string {
  if (dollars === 0) return '$0.00'
  if (dollars < 0.01) return '<$0.01'
  // Rounded half up on cents: toFixed(2) alone turns 0.045 (stored as 0.04499…) into 0.04.
  if (dollars < 1000) return `$${(Math.round(dollars * 100) / 100).toFixed(2)}`
  return `$${Math.round(dollars).toLocaleString('en-US')}`
}

/** Tooltips and tables: a fraction of a cent still shows ("$0.0042"). */
export function formatDollarsPrecise(dollars: number): string {
  return dollars !== 0 && dollars < 1 ? `$${dollars.toFixed(4)}` : formatDollars(dollars)
}

/** A budget as the user typed it: "$5", "$2.50". */
export function formatLimit(dollars: number): string {
  return Number.isInteger(dollars) ? `$${dollars.toLocaleString('en-US')}` : `$${dollars.toFixed(2)}`
}

/** "950", "12.3k", "123k", "1.2M": token counts at a glance. */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens)
  if (tokens < 1_000_000) return `${trimmed(tokens / 1000, tokens < 100_000 ? 1 : 0)}k`
  return `${trimmed(tokens / 1_000_000, tokens < 100_000_000 ? 1 : 0)}M`
}

const trimmed = (value: number, digits: number): string => value.toFixed(digits).replace(/\.0$/, '')

/** "1,234,567": every token, for tooltips. */
export const formatCount = (count: number): string => count.toLocaleString('en-US')

export function totalTokens(tokens: TokenCounts): number {
  return tokens.input + tokens.output + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead
}

export interface CostText {
  /** "$0.42", "$0.42 + ?" or "price unknown". */
  full: string
  /** For a narrow header: "price unknown" becomes "$?". */
  short: string
}

/**
 * What a cost reads as. `allUnpriced`: every token ran on a model without a price,
 * so there is no dollar figure at all; some unpriced models add "+ ?" to the figure.
 * Never a silent $0.
 */
export function costText(dollars: number, unpricedModels: readonly string[], allUnpriced: boolean): CostText {
  if (unpricedModels.length === 0) return { full: formatDollars(dollars), short: formatDollars(dollars) }
  if (allUnpriced) return { full: 'price unknown', short: '$?' }
  const mixed = `${formatDollars(dollars)} + ?`
  return { full: mixed, short: mixed }
}

const allUnpriced = (cost: PaneCost): boolean => cost.models.length > 0 && cost.models.every((model) => model.cost === null)

export function paneCostText(cost: PaneCost): CostText {
  return costText(cost.cost, cost.unpricedModels, allUnpriced(cost))
}

/** A row of the cost panel: with no priced dollars at all, its models are all unpriced. */
export function rowCostText(row: { cost: number; unpricedModels: readonly string[] }): string {
  return costText(row.cost, row.unpricedModels, row.cost === 0).full
}

export function contextLevel(tokens: number, window: number): ContextLevel {
  const fill = tokens / window
  if (fill >= CONTEXT_RED) return 'red'
  if (fill >= CONTEXT_AMBER) return 'amber'
  return 'ok'
}

/** Whole per cent, never above 100 on the bar (a request can exceed the window the table names). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part / whole) * 100) : 0
}

/** The header's budget badge: "80 % of $5 budget", "budget $5 exceeded"; nothing while under 80 %. */
export function budgetText(budget: BudgetStatus | undefined): string | undefined {
  if (!budget || budget.state === 'ok') return undefined
  if (budget.state === 'exceeded') return `budget ${formatLimit(budget.limit)} exceeded`
  return `${percentOf(budget.spent, budget.limit)} % of ${formatLimit(budget.limit)} budget`
}

/** Beside the cost when the model's window is unknown: "45.2k tok". */
export const contextTokensText = (tokens: number): string => `${formatTokens(tokens)} tok`

/** "Context 45k of 200k tokens (22 %)", or the tokens alone when the window is unknown. */
export function contextText(context: NonNullable<PaneCost['context']>): string {
  if (context.window === null) return `Context ${formatTokens(context.tokens)} tokens (window unknown)`
  return `Context ${formatTokens(context.tokens)} of ${formatTokens(context.window)} tokens (${percentOf(context.tokens, context.window)} %)`
}

/** Every model's part of the pane: its share of the dollars, or its tokens when it has no price. */
function modelLines(cost: PaneCost): string[] {
  return cost.models.map((model) => {
    if (model.cost === null) return `${model.model}: price unknown, ${formatCount(totalTokens(model.tokens))} tokens`
    const share = cost.cost > 0 ? ` (${percentOf(model.cost, cost.cost)} %)` : ''
    return `${model.model}: ${formatDollarsPrecise(model.cost)}${share}`
  })
}

/** The header cost's tooltip: token classes, models with their shares, context and budget. */
export function costTooltip(cost: PaneCost): string {
  const { tokens } = cost
  const unpriced = cost.unpricedModels.length ? ' + models without a price' : ''
  const lines = [
    `Cost of this pane's sessions: ${allUnpriced(cost) ? 'price unknown' : `${formatDollarsPrecise(cost.cost)}${unpriced}`}`,
    `Input ${formatCount(tokens.input)} · output ${formatCount(tokens.output)}`,
    `Cache writes ${formatCount(tokens.cacheWrite5m)} (5 min) · ${formatCount(tokens.cacheWrite1h)} (1 h) · cache reads ${formatCount(tokens.cacheRead)}`,
    ...modelLines(cost)
  ]
  if (cost.context) lines.push(`${contextText(cost.context)} — last request, ${cost.context.model}`)
  if (cost.budget) lines.push(`Budget ${formatLimit(cost.budget.limit)}: ${formatDollars(cost.budget.spent)} spent (${percentOf(cost.budget.spent, cost.budget.limit)} %)`)
  return lines.join('\n')
}
