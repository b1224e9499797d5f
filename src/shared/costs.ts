import { z } from 'zod'

// Tokens, prices and costs as the bridge carries them. Dollars are plain numbers; a cost is
// null when some of its tokens ran on a model without a price ("price unknown", never $0).

const Count = z.number().int().nonnegative()

/** Token counts by class, as the API's usage reports them (cache writes split by lifetime). */
export const TokenCounts = z.object({
  input: Count,
  output: Count,
  /** Cache writes that live 5 minutes (ephemeral_5m, or cache_creation_input_tokens without a split). */
  cacheWrite5m: Count,
  cacheWrite1h: Count,
  cacheRead: Count
})
export type TokenCounts = z.output<typeof TokenCounts>

const Dollars = z.number().nonnegative()

export { LONG_CONTEXT_TOKENS } from './cost-limits'

/** $ per million tokens for one token class set. */
export const Rates = z.object({ input: Dollars, output: Dollars, cacheWrite5m: Dollars, cacheWrite1h: Dollars, cacheRead: Dollars }).strict()
export type Rates = z.output<typeof Rates>

/** One model's prices; `model` matches a model id exactly or as its prefix (claude-sonnet-4-5 matches claude-sonnet-4-5-20250929). */
export const ModelPrice = z
  .object({
    model: z.string().min(1).max(200),
    rates: Rates,
    /** Rates for a request whose input (input + cache reads + cache writes) is above LONG_CONTEXT_TOKENS, where the model has such a tier. */
    longContext: Rates.optional(),
    /** The model's context window in tokens, for the header's context bar. */
    contextWindow: z.number().int().positive().optional()
  })
  .strict()
export type ModelPrice = z.output<typeof ModelPrice>

export const PriceTable = z.array(ModelPrice).max(500)
export type PriceTable = z.output<typeof PriceTable>

/** Usage on one model. */
export const ModelUsage = z.object({
  model: z.string(),
  tokens: TokenCounts,
  /** API responses counted (each once, however many transcript lines carry it). */
  requests: Count,
  /** null: no price for this model. */
  cost: Dollars.nullable()
})
export type ModelUsage = z.output<typeof ModelUsage>

export const BudgetState = z.enum(['ok', 'warning', 'exceeded'])
export type BudgetState = z.output<typeof BudgetState>

/** A dollar budget and where spending stands against it (warning from 80 %, exceeded from 100 %). */
export const BudgetStatus = z.object({ limit: Dollars, spent: Dollars, state: BudgetState })
export type BudgetStatus = z.output<typeof BudgetStatus>

/** What a Claude pane's header shows: its sessions' cost so far and the last request's context fill. */
export const PaneCost = z.object({
  tokens: TokenCounts,
  /** Dollars of the priced models. */
  cost: Dollars,
  /** Models used without a price: their tokens are counted, their cost is unknown. */
  unpricedModels: z.array(z.string()),
  models: z.array(ModelUsage),
  /** The last request: input + cache read + cache write tokens, over the model's window when known. */
  context: z.object({ tokens: Count, window: Count.nullable(), model: z.string() }).nullable(),
  budget: BudgetStatus.optional()
})
export type PaneCost = z.output<typeof PaneCost>

export const CostRange = z.enum(['today', '7d', '30d', 'all'])
export type CostRange = z.output<typeof CostRange>

/** One group's totals in the cost panel (a pane, a model, a day or a folder). */
export const CostRow = z.object({
  /** Pane id, model id, day (YYYY-MM-DD, local) or folder. */
  key: z.string(),
  /** What the panel shows for it: a pane's title, a folder's path… */
  label: z.string(),
  tokens: TokenCounts,
  cost: Dollars,
  unpricedModels: z.array(z.string()),
  requests: Count,
  /** Rows of sessions no Tessera pane ran (history found on disk). */
  outsideTessera: z.boolean().optional()
})
export type CostRow = z.output<typeof CostRow>

export const CostReport = z.object({
  range: CostRange,
  /** ISO time the report was made. */
  at: z.string(),
  total: CostRow,
  byPane: z.array(CostRow),
  byModel: z.array(CostRow),
  byDay: z.array(CostRow),
  byFolder: z.array(CostRow),
  /** Spend over time for the chart: one point per day, dollars per model. */
  series: z.object({ days: z.array(z.string()), models: z.array(z.object({ model: z.string(), dollars: z.array(Dollars) })) }),
  dailyBudget: BudgetStatus.optional(),
  /** False while the first scan of the transcripts on disk is still running (the figures are partial). */
  complete: z.boolean()
})
export type CostReport = z.output<typeof CostReport>

export const CostSettings = z.object({
  prices: PriceTable,
  /** Dollars per day over every session; null: none. */
  dailyBudget: Dollars.nullable()
})
export type CostSettings = z.output<typeof CostSettings>
