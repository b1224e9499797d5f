import type { z } from 'zod'
import { LONG_CONTEXT_TOKENS, PriceTable, type ModelPrice, type Rates } from '../../../shared/costs'

// The price table as the settings tab edits it: every field is text until saved, then
// parsed and validated with the shared zod schema, and each problem is tied to its field.

export const RATE_KEYS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const satisfies readonly (keyof Rates)[]
export type RateKey = (typeof RATE_KEYS)[number]
export type RateDrafts = Record<RateKey, string>

export const RATE_LABELS: Record<RateKey, string> = {
  input: 'Input',
  output: 'Output',
  cacheWrite5m: '5 min write',
  cacheWrite1h: '1 h write',
  cacheRead: 'Cache read'
}

export interface PriceDraft {
  model: string
  rates: RateDrafts
  /** Rates above LONG_CONTEXT_TOKENS input tokens; null: the model has no such tier. */
  longContext: RateDrafts | null
  /** Empty: unknown (the header shows tokens instead of a bar). */
  contextWindow: string
}

/** Problems by field: "<row>.model", "<row>.rates.input", "<row>.longContext.output", "<row>.contextWindow", or "table". */
export type PriceErrors = Record<string, string>

export type ParsedPrices = { ok: true; table: PriceTable } | { ok: false; errors: PriceErrors }

export const fieldKey = (row: number, ...path: string[]): string => [row, ...path].join('.')

const ratesText = (rates: Rates): RateDrafts => Object.fromEntries(RATE_KEYS.map((key) => [key, String(rates[key])])) as RateDrafts

export const emptyRates = (): RateDrafts => ({ input: '', output: '', cacheWrite5m: '', cacheWrite1h: '', cacheRead: '' })

export function draftsOf(table: PriceTable): PriceDraft[] {
  return table.map((price) => ({
    model: price.model,
    rates: ratesText(price.rates),
    longContext: price.longContext ? ratesText(price.longContext) : null,
    contextWindow: price.contextWindow === undefined ? '' : String(price.contextWindow)
  }))
}

export const emptyDraft = (): PriceDraft => ({ model: '', rates: emptyRates(), longContext: null, contextWindow: '' })

/** "3", "0.30", "$3", "200,000": a number, or why not. */
function numberOf(text: string): number | string {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '')
  if (cleaned === '') return 'Required'
  const value = Number(cleaned)
  return Number.isFinite(value) ? value : 'Not a number'
}

/** Friendlier words for the schema's problems than zod's defaults. */
function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') {
    if (issue.origin === 'string') return 'Give a model id or its prefix'
    if (issue.origin === 'array') return issue.message
    return issue.inclusive ? 'Must not be negative' : 'Must be more than 0'
  }
  if (issue.code === 'too_big') return issue.origin === 'array' ? 'At most 500 models' : issue.message
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'A whole number of tokens'
  return issue.message
}

interface Collected {
  errors: PriceErrors
  candidate: unknown[]
}

function ratesOf(drafts: RateDrafts, row: number, group: string, errors: PriceErrors): Record<RateKey, number> {
  const rates = {} as Record<RateKey, number>
  for (const key of RATE_KEYS) {
    const value = numberOf(drafts[key])
    if (typeof value === 'string') errors[fieldKey(row, group, key)] = value
    // A placeholder the schema accepts, so the field's one problem is the one said above.
    rates[key] = typeof value === 'number' ? value : 0
  }
  return rates
}

function collect(drafts: readonly PriceDraft[]): Collected {
  const errors: PriceErrors = {}
  const seen = new Map<string, number>()
  const candidate = drafts.map((draft, row) => {
    const model = draft.model.trim()
    const first = seen.get(model)
    if (model && first !== undefined) errors[fieldKey(row, 'model')] = `Listed twice (also row ${first + 1})`
    else seen.set(model, row)
    const price: Record<string, unknown> = { model, rates: ratesOf(draft.rates, row, 'rates', errors) }
    if (draft.longContext) price['longContext'] = ratesOf(draft.longContext, row, 'longContext', errors)
    if (draft.contextWindow.trim()) {
      const window = numberOf(draft.contextWindow)
      if (typeof window === 'string') errors[fieldKey(row, 'contextWindow')] = window
      else price['contextWindow'] = window
    }
    return price
  })
  return { errors, candidate }
}

/** The table to save, or every field's problem (the first one per field). */
export function parsePrices(drafts: readonly PriceDraft[]): ParsedPrices {
  const { errors, candidate } = collect(drafts)
  const parsed = PriceTable.safeParse(candidate)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.map(String).join('.') : 'table'
      errors[key] ??= issueText(issue)
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors }
  return { ok: true, table: parsed.data }
}

/** The hint under the long-context rates. */
export const LONG_CONTEXT_HINT = `Rates for a request above ${LONG_CONTEXT_TOKENS.toLocaleString('en-US')} input tokens`

/** Whether the table in force is the defaults (nothing of the user's). */
export function sameTable(a: readonly ModelPrice[], b: readonly ModelPrice[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
