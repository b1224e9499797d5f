import type { ModelPrice, ModelUsage, PaneCost } from '../../shared/costs'
import { LONG_CONTEXT_TOKENS } from '../../shared/cost-limits'
import { type Pricer, TotalsMap } from './cost-totals'
import type { LastRequest, SessionUsage } from './ledger'
import { addTokens, zeroTokens } from './token-counts'

/** The window a request above the standard one must have run in (the 1M beta of models with a long-context tier). */
const LONG_WINDOW = 1_000_000

/** A pane's figures over the sessions it ran (budget left to the caller). */
export function sessionCost(sessions: SessionUsage[], pricer: Pricer): PaneCost {
  const perModel = new TotalsMap<string>()
  for (const session of sessions) {
    for (const bucket of session.buckets.values()) perModel.of(bucket.model).add(bucket, pricer.bucketCost(bucket))
  }
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
  const unpricedModels = models.filter((usage) => usage.cost === null).map((usage) => usage.model)
  return { tokens, cost, unpricedModels, models, context: contextOf(latestRequest(sessions), pricer) }
}

function latestRequest(sessions: SessionUsage[]): LastRequest | undefined {
  let latest: LastRequest | undefined
  for (const { lastRequest } of sessions) {
    if (!lastRequest) continue
    const better = !latest || (lastRequest.sidechain !== latest.sidechain ? latest.sidechain : lastRequest.timeMs > latest.timeMs)
    if (better) latest = lastRequest
  }
  return latest
}

function contextOf(request: LastRequest | undefined, pricer: Pricer): PaneCost['context'] {
  if (!request) return null
  return { tokens: request.contextTokens, window: windowOf(pricer.price(request.model), request.contextTokens), model: request.model }
}

function windowOf(price: ModelPrice | undefined, tokens: number): number | null {
  const window = price?.contextWindow
  if (window === undefined) return null
  return tokens > window && window <= LONG_CONTEXT_TOKENS && price?.longContext ? LONG_WINDOW : window
}
