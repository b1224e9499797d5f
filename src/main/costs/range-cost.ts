import type { ModelUsage, TokenCounts } from '../../shared/costs'
import { type Pricer, TotalsMap } from './cost-totals'
import type { CountedResponse, UsageBucket } from './ledger'
import { addTokens, zeroTokens } from './token-counts'

/** Time slices of some sessions: a task's stages, each [fromMs, toMs) on the host clock (transcript timestamps). */
export interface RangeGroup {
  sessionIds: string[]
  ranges: Array<{ fromMs: number; toMs: number }>
}

/** Usage in one time slice: tokens, dollars of the priced models, and per model. */
export interface RangeCost {
  tokens: TokenCounts
  cost: number
  unpricedModels: string[]
  models: ModelUsage[]
}

/**
 * Sums the responses of each group's sessions into the group's time slices, in one pass over
 * the counted responses (a response in no slice, or in a session of no group, is skipped).
 * Returns, per group, one RangeCost per range in the order given.
 */
export function rangeCosts(responses: Iterable<CountedResponse>, groups: readonly RangeGroup[], pricer: Pricer): RangeCost[][] {
  const slices = groups.map((group) => group.ranges.map(() => new Map<string, UsageBucket>()))
  const bySession = new Map<string, number[]>()
  groups.forEach((group, index) => {
    for (const sessionId of new Set(group.sessionIds)) bySession.set(sessionId, [...(bySession.get(sessionId) ?? []), index])
  })
  for (const response of responses) {
    for (const index of bySession.get(response.sessionId) ?? []) {
      const range = (groups[index]?.ranges ?? []).findIndex((slice) => response.timeMs >= slice.fromMs && response.timeMs < slice.toMs)
      const buckets = slices[index]?.[range]
      if (buckets) addTo(buckets, response)
    }
  }
  return slices.map((ranges) => ranges.map((buckets) => costOf(buckets, pricer)))
}

function addTo(buckets: Map<string, UsageBucket>, response: CountedResponse): void {
  const key = `${response.model}\n${response.longContext ? 'long' : ''}`
  let bucket = buckets.get(key)
  if (!bucket) {
    bucket = { sessionId: '', model: response.model, day: '', longContext: response.longContext, tokens: zeroTokens(), requests: 0 }
    buckets.set(key, bucket)
  }
  addTokens(bucket.tokens, response.tokens)
  bucket.requests += 1
}

function costOf(buckets: Map<string, UsageBucket>, pricer: Pricer): RangeCost {
  const perModel = new TotalsMap<string>()
  for (const bucket of buckets.values()) perModel.of(bucket.model).add(bucket, pricer.bucketCost(bucket))
  const tokens = zeroTokens()
  let cost = 0
  const models: ModelUsage[] = []
  for (const [model, totals] of perModel) {
    addTokens(tokens, totals.tokens)
    const priced = totals.unpriced.size === 0
    if (priced) cost += totals.cost
    models.push({ model, tokens: { ...totals.tokens }, requests: totals.requests, cost: priced ? totals.cost : null })
  }
  models.sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || a.model.localeCompare(b.model))
  return { tokens, cost, unpricedModels: models.filter((usage) => usage.cost === null).map((usage) => usage.model), models }
}
