import { describe, expect, it } from 'vitest'
import type { PaneCost } from '../../src/shared/costs.ts'
import {
  budgetText,
  contextLevel,
  contextText,
  costText,
  costTooltip,
  formatDollars,
  formatDollarsPrecise,
  formatLimit,
  formatTokens,
  paneCostText,
  rowCostText
} from '../../src/renderer/src/costs/cost-format.ts'

// The header, panel and dialogs say dollars and tokens the same way everywhere, and
// never show a silent $0 for a model without a price.

const tokens = (patch: Partial<PaneCost['tokens']> = {}): PaneCost['tokens'] => ({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, ...patch })

const paneCost = (patch: Partial<PaneCost> = {}): PaneCost => ({
  tokens: tokens({ input: 1200, output: 3400, cacheWrite5m: 10_000, cacheWrite1h: 2000, cacheRead: 50_000 }),
  cost: 0.42,
  unpricedModels: [],
  models: [
    { model: 'claude-opus-4-8', tokens: tokens({ input: 1000 }), requests: 3, cost: 0.315 },
    { model: 'claude-haiku-4-5-20251001', tokens: tokens({ input: 200 }), requests: 1, cost: 0.105 }
  ],
  context: { tokens: 45_000, window: 200_000, model: 'claude-opus-4-8' },
  ...patch
})

describe('dollars and tokens', () => {
  it('shows cents, a floor for fractions of a cent, and whole dollars once large', () => {
    expect(formatDollars(0)).toBe('$0.00')
    expect(formatDollars(0.004)).toBe('<$0.01')
    expect(formatDollars(0.426)).toBe('$0.43')
    expect(formatDollars(0.045)).toBe('$0.05')
    expect(formatDollars(12.3)).toBe('$12.30')
    expect(formatDollars(1234.56)).toBe('$1,235')
    expect(formatDollarsPrecise(0.0042)).toBe('$0.0042')
    expect(formatDollarsPrecise(3.456)).toBe('$3.46')
  })

  it('shows budgets as typed', () => {
    expect(formatLimit(5)).toBe('$5')
    expect(formatLimit(2.5)).toBe('$2.50')
    expect(formatLimit(1000)).toBe('$1,000')
  })

  it('shortens token counts', () => {
    expect(formatTokens(950)).toBe('950')
    expect(formatTokens(1000)).toBe('1k')
    expect(formatTokens(12_345)).toBe('12.3k')
    expect(formatTokens(123_456)).toBe('123k')
    expect(formatTokens(1_250_000)).toBe('1.3M')
    expect(formatTokens(250_000_000)).toBe('250M')
  })
})

describe('a cost with models that have no price', () => {
  it('is the dollars when every model is priced', () => {
    expect(costText(0.42, [], false)).toEqual({ full: '$0.42', short: '$0.42' })
  })

  it('says "price unknown" (short: "$?") when no model is priced, never $0', () => {
    const unpriced = paneCost({ cost: 0, unpricedModels: ['claude-haiku-5-5'], models: [{ model: 'claude-haiku-5-5', tokens: tokens({ input: 10 }), requests: 1, cost: null }] })
    expect(paneCostText(unpriced)).toEqual({ full: 'price unknown', short: '$?' })
    expect(rowCostText({ cost: 0, unpricedModels: ['claude-haiku-5-5'] })).toBe('price unknown')
  })

  it('adds "+ ?" to the priced dollars when some models are unpriced', () => {
    const mixed = paneCost({ unpricedModels: ['claude-haiku-5-5'], models: [...paneCost().models, { model: 'claude-haiku-5-5', tokens: tokens({ input: 10 }), requests: 1, cost: null }] })
    expect(paneCostText(mixed)).toEqual({ full: '$0.42 + ?', short: '$0.42 + ?' })
    expect(rowCostText({ cost: 1.5, unpricedModels: ['x'] })).toBe('$1.50 + ?')
  })
})

describe('the context bar', () => {
  it('turns amber at 70 % and red at 90 %', () => {
    expect(contextLevel(139_999, 200_000)).toBe('ok')
    expect(contextLevel(140_000, 200_000)).toBe('amber')
    expect(contextLevel(179_999, 200_000)).toBe('amber')
    expect(contextLevel(180_000, 200_000)).toBe('red')
    expect(contextLevel(250_000, 200_000)).toBe('red')
  })

  it('names the fill, or only the tokens when the window is unknown', () => {
    expect(contextText({ tokens: 45_000, window: 200_000, model: 'm' })).toBe('Context 45k of 200k tokens (22 %)')
    expect(contextText({ tokens: 45_000, window: null, model: 'm' })).toBe('Context 45k tokens (window unknown)')
  })
})

describe('the budget badge', () => {
  it('says nothing under 80 %, the share from 80 %, and exceeded from 100 %', () => {
    expect(budgetText(undefined)).toBeUndefined()
    expect(budgetText({ limit: 5, spent: 3, state: 'ok' })).toBeUndefined()
    expect(budgetText({ limit: 5, spent: 4.1, state: 'warning' })).toBe('82 % of $5 budget')
    expect(budgetText({ limit: 5, spent: 5.2, state: 'exceeded' })).toBe('budget $5 exceeded')
  })
})

describe('the header tooltip', () => {
  it('lists every token class, each model with its share, the context and the budget', () => {
    const text = costTooltip(paneCost({ budget: { limit: 1, spent: 0.42, state: 'ok' } }))
    expect(text.split('\n')).toEqual([
      "Cost of this pane's sessions: $0.4200",
      'Input 1,200 · output 3,400',
      'Cache writes 10,000 (5 min) · 2,000 (1 h) · cache reads 50,000',
      'claude-opus-4-8: $0.3150 (75 %)',
      'claude-haiku-4-5-20251001: $0.1050 (25 %)',
      'Context 45k of 200k tokens (22 %) — last request, claude-opus-4-8',
      'Budget $1: $0.42 spent (42 %)'
    ])
  })

  it('gives an unpriced model its tokens instead of a share', () => {
    const text = costTooltip(paneCost({ cost: 0, unpricedModels: ['mystery'], models: [{ model: 'mystery', tokens: tokens({ input: 1000, output: 234 }), requests: 1, cost: null }], context: null }))
    expect(text).toContain("Cost of this pane's sessions: price unknown")
    expect(text).toContain('mystery: price unknown, 1,234 tokens')
    expect(text).not.toContain('Context')
  })
})
