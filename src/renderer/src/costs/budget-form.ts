import type { Parsed } from '../components/settings/terminal-form'

// A dollar budget as typed: "5", "$5", "2.50", "1,000".

/** The bridge's bound for any budget. */
export const MAX_BUDGET = 1_000_000

export function parseBudget(text: string): Parsed<number> {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '').trim()
  if (cleaned === '') return { ok: false, problem: 'Give an amount in dollars' }
  const value = Number(cleaned)
  if (!Number.isFinite(value)) return { ok: false, problem: 'Not an amount in dollars' }
  if (value <= 0) return { ok: false, problem: 'The budget must be more than $0' }
  if (value > MAX_BUDGET) return { ok: false, problem: 'At most $1,000,000' }
  return { ok: true, value }
}
