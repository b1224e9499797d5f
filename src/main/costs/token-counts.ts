import type { TokenCounts } from '../../shared/costs'

// Small arithmetic on token counts, shared by the ledger and the engine's totals.

export function zeroTokens(): TokenCounts {
  return { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
}

/** Adds `from` into `into`, times `sign` (-1 takes a replaced entry back out). */
export function addTokens(into: TokenCounts, from: TokenCounts, sign: 1 | -1 = 1): void {
  into.input += sign * from.input
  into.output += sign * from.output
  into.cacheWrite5m += sign * from.cacheWrite5m
  into.cacheWrite1h += sign * from.cacheWrite1h
  into.cacheRead += sign * from.cacheRead
}

export function totalTokens(tokens: TokenCounts): number {
  return tokens.input + tokens.output + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead
}
