import type { BudgetState, BudgetStatus } from '../../shared/costs'

/** Spending from this share of a budget shows a warning. */
export const BUDGET_WARNING_SHARE = 0.8

export function budgetStatus(limit: number, spent: number): BudgetStatus {
  const state: BudgetState = spent >= limit ? 'exceeded' : spent >= limit * BUDGET_WARNING_SHARE ? 'warning' : 'ok'
  return { limit, spent, state }
}

const RANK: Record<BudgetState, number> = { ok: 0, warning: 1, exceeded: 2 }

/**
 * Remembers each budget's last state and says when one rises (ok → warning → exceeded), so a
 * crossing is announced once; it may be announced again after it fell (a new day, a raised limit).
 */
export class BudgetCrossings {
  private readonly states = new Map<string, BudgetState>()

  /** The new state when it rose since the last call for `key`, else undefined. */
  rose(key: string, status: BudgetStatus | undefined): Exclude<BudgetState, 'ok'> | undefined {
    const before = this.states.get(key) ?? 'ok'
    const now = status?.state ?? 'ok'
    this.states.set(key, now)
    return now !== 'ok' && RANK[now] > RANK[before] ? now : undefined
  }

  forget(key: string): void {
    this.states.delete(key)
  }
}
