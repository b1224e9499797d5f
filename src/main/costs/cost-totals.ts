import type { CostRow, ModelPrice, PriceTable, TokenCounts } from '../../shared/costs'
import type { UsageBucket } from './ledger'
import { costOf, priceFor, ratesFor } from './prices'
import { addTokens, totalTokens, zeroTokens } from './token-counts'

/** Model id → price lookups, remembered until the table changes (ids are few, buckets many). */
export class Pricer {
  private readonly cache = new Map<string, ModelPrice | undefined>()

  constructor(readonly table: PriceTable) {}

  price(model: string): ModelPrice | undefined {
    if (!this.cache.has(model)) this.cache.set(model, priceFor(this.table, model))
    return this.cache.get(model)
  }

  /** Dollars of a bucket; undefined when its model has no price. */
  bucketCost(bucket: UsageBucket): number | undefined {
    const price = this.price(bucket.model)
    return price && costOf(bucket.tokens, ratesFor(price, bucket.longContext))
  }
}

/** Sums of buckets: tokens and requests of all, dollars of the priced ones, ids of the rest. */
export class Totals {
  readonly tokens: TokenCounts = zeroTokens()
  cost = 0
  requests = 0
  readonly unpriced = new Set<string>()

  add(bucket: UsageBucket, cost: number | undefined): void {
    addTokens(this.tokens, bucket.tokens)
    this.requests += bucket.requests
    if (cost === undefined) this.unpriced.add(bucket.model)
    else this.cost += cost
  }

  row(key: string, label: string, outsideTessera?: boolean): CostRow {
    return {
      key,
      label,
      tokens: { ...this.tokens },
      cost: this.cost,
      unpricedModels: [...this.unpriced].sort(),
      requests: this.requests,
      ...(outsideTessera ? { outsideTessera } : {})
    }
  }
}

/** Most dollars first; rows of unpriced models (no dollars) by tokens. */
export function byCostThenTokens(a: CostRow, b: CostRow): number {
  return b.cost - a.cost || totalTokens(b.tokens) - totalTokens(a.tokens) || a.key.localeCompare(b.key)
}

/** Totals per key, created on first use. */
export class TotalsMap<K> extends Map<K, Totals> {
  of(key: K): Totals {
    let totals = this.get(key)
    if (!totals) {
      totals = new Totals()
      this.set(key, totals)
    }
    return totals
  }
}
