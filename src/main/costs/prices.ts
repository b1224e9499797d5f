import { LONG_CONTEXT_TOKENS } from '../../shared/cost-limits'
import type { ModelPrice, PriceTable, Rates, TokenCounts } from '../../shared/costs'

// Default $ per million tokens. Sources: the Claude Code CLI's own price tables (2.1.197 and
// 2.1.332, recorded in claude-code-facts.md "Tokens and cost" and "Claude Code 2.1.332"), and
// Anthropic's published long-context tier for Sonnet 4 / 4.5 (above 200k input tokens).
// claude-haiku-5-5 is left out on purpose: its output price is unconfirmed, so it shows
// "price unknown" instead of a guess. Context windows: 200k, the standard window of every model
// here (the 1M window of Sonnet 4 / 4.5 is a beta that the transcript does not record).

const STANDARD_WINDOW = 200_000

const rates = (input: number, output: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number): Rates => ({
  input,
  output,
  cacheWrite5m,
  cacheWrite1h,
  cacheRead
})

const OPUS_4_5 = rates(5, 25, 6.25, 10, 0.5)
const OPUS_4 = rates(15, 75, 18.75, 30, 1.5)
const SONNET = rates(3, 15, 3.75, 6, 0.3)
const SONNET_LONG = rates(6, 22.5, 7.5, 12, 0.6)
const HAIKU_4_5 = rates(1, 5, 1.25, 2, 0.1)
const HAIKU_3_5 = rates(0.8, 4, 1, 1.6, 0.08)
const FABLE_5 = rates(10, 50, 12.5, 20, 1)
const OPUS_5_5 = rates(4, 20, 5, 8, 0.2)
const SONNET_5_5 = rates(2, 10, 2.5, 4, 0.1)
const FABLE_5_2 = rates(8, 40, 10, 16, 0.2)

const price = (model: string, modelRates: Rates, longContext?: Rates): ModelPrice => ({
  model,
  rates: modelRates,
  ...(longContext ? { longContext } : {}),
  contextWindow: STANDARD_WINDOW
})

/** Keys are id prefixes: the longest one that matches wins (claude-opus-4-5 before claude-opus-4). */
export const DEFAULT_PRICES: PriceTable = [
  price('claude-opus-4-8', OPUS_4_5),
  price('claude-opus-4-7', OPUS_4_5),
  price('claude-opus-4-6', OPUS_4_5),
  price('claude-opus-4-5', OPUS_4_5),
  price('claude-opus-4-1', OPUS_4),
  price('claude-opus-4', OPUS_4),
  price('claude-sonnet-5', SONNET),
  price('claude-sonnet-4-6', SONNET),
  price('claude-sonnet-4-5', SONNET, SONNET_LONG),
  price('claude-sonnet-4', SONNET, SONNET_LONG),
  price('claude-3-7-sonnet', SONNET),
  price('claude-3-5-sonnet', SONNET),
  price('claude-haiku-4-5', HAIKU_4_5),
  price('claude-3-5-haiku', HAIKU_3_5),
  price('claude-fable-5', FABLE_5),
  price('claude-opus-5-5', OPUS_5_5),
  price('claude-sonnet-5-5', SONNET_5_5),
  price('claude-fable-5-2', FABLE_5_2)
]

/** The price of a model id: an exact entry first, else the longest entry that is a prefix of it. */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  let best: ModelPrice | undefined
  for (const entry of table) {
    if (entry.model === model) return entry
    if (isPrefixOf(entry.model, model) && (!best || entry.model.length > best.model.length)) best = entry
  }
  return best
}

const DIGIT = /\d/

/**
 * A prefix that does not end inside a number: claude-fable-5-2 is not a prefix of
 * claude-fable-5-20260101 (a dated Fable 5, priced by claude-fable-5), nor claude-opus-4-1
 * of a claude-opus-4-10.
 */
function isPrefixOf(prefix: string, model: string): boolean {
  if (!model.startsWith(prefix)) return false
  const next = model.charAt(prefix.length)
  return !(DIGIT.test(next) && DIGIT.test(prefix.charAt(prefix.length - 1)))
}

/** Whether one request is billed at the long-context tier: its whole input above LONG_CONTEXT_TOKENS. */
export function isLongContext(tokens: TokenCounts): boolean {
  return contextTokens(tokens) > LONG_CONTEXT_TOKENS
}

/** A request's input as the model saw it: fresh input, cache reads and cache writes. */
export function contextTokens(tokens: TokenCounts): number {
  return tokens.input + tokens.cacheRead + tokens.cacheWrite5m + tokens.cacheWrite1h
}

/** The rates a request (or a bucket of requests alike in length) is billed at. */
export function ratesFor(price: ModelPrice, longContext: boolean): Rates {
  return longContext && price.longContext ? price.longContext : price.rates
}

/** Dollars for these tokens at these rates ($ per million tokens). */
export function costOf(tokens: TokenCounts, rates: Rates): number {
  const perMillion =
    tokens.input * rates.input +
    tokens.output * rates.output +
    tokens.cacheWrite5m * rates.cacheWrite5m +
    tokens.cacheWrite1h * rates.cacheWrite1h +
    tokens.cacheRead * rates.cacheRead
  return perMillion / 1_000_000
}
