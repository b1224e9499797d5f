import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CostEngine } from '../../src/main/costs/cost-engine'
import { costOf, DEFAULT_PRICES, isLongContext, priceFor } from '../../src/main/costs/prices'
import { parseUsageLine } from '../../src/main/costs/usage-line'
import type { PriceTable, Rates, TokenCounts } from '../../src/shared/costs'
import { assistantLine, type AssistantLine, userLine } from '../support/transcript-lines'

// The cost formula on hand-computed cases: each token class at its own rate, 1-hour cache
// writes apart from 5-minute ones, the long-context tier, and a model without a price.
// Every expected dollar figure is worked out in the comment beside it, never by the code.

const tokens = (patch: Partial<TokenCounts> = {}): TokenCounts => ({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, ...patch })

const SONNET_4_5 = 'claude-sonnet-4-5-20250929'
const OPUS_4_5 = 'claude-opus-4-5-20251101'

/** Writes one transcript (lines as the CLI writes them) and counts it with a fresh engine. */
function countLines(lines: Array<Omit<AssistantLine, 'sessionId'> | string>, prices: PriceTable = DEFAULT_PRICES): ReturnType<CostEngine['sessionCost']> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-cost-formula-'))
  const file = join(dir, 'session-1.jsonl')
  const text = lines.map((line) => (typeof line === 'string' ? line : assistantLine({ sessionId: 'session-1', ...line }))).join('\n') + '\n'
  writeFileSync(file, text)
  const engine = new CostEngine(prices)
  expect(engine.fileChanged(file)).toEqual(['session-1'])
  return engine.sessionCost(['session-1'])
}

let requestNumber = 0
/** A distinct API response (its own message id and request id). */
const response = (model: string, usage: AssistantLine['usage'], timestamp?: string): Omit<AssistantLine, 'sessionId'> => {
  requestNumber += 1
  return { messageId: `msg_${requestNumber}`, requestId: `req_${requestNumber}`, model, usage, ...(timestamp ? { timestamp } : {}) }
}

describe('costOf', () => {
  const rates: Rates = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }

  it.each([
    // 1,000,000 × $3 / 1M = $3
    ['input', tokens({ input: 1_000_000 }), 3],
    // 20,000 × $15 / 1M = $0.30
    ['output', tokens({ output: 20_000 }), 0.3],
    // 40,000 × $3.75 / 1M = $0.15
    ['5-minute cache writes', tokens({ cacheWrite5m: 40_000 }), 0.15],
    // 40,000 × $6 / 1M = $0.24
    ['1-hour cache writes', tokens({ cacheWrite1h: 40_000 }), 0.24],
    // 500,000 × $0.30 / 1M = $0.15
    ['cache reads', tokens({ cacheRead: 500_000 }), 0.15],
    // 1,234 × 3 + 567 × 15 + 8,900 × 3.75 + 1,000 × 6 + 45,678 × 0.3
    //   = 3,702 + 8,505 + 33,375 + 6,000 + 13,703.4 = 65,285.4 → $0.0652854
    ['all classes together', tokens({ input: 1234, output: 567, cacheWrite5m: 8900, cacheWrite1h: 1000, cacheRead: 45_678 }), 0.0652854]
  ])('prices %s at their own rate', (_name, counts, dollars) => {
    expect(costOf(counts, rates)).toBeCloseTo(dollars, 12)
  })
})

describe('priceFor', () => {
  const modelOf = (id: string): string | undefined => priceFor(DEFAULT_PRICES, id)?.model

  it('matches an exact id, else the longest prefix', () => {
    expect(modelOf('claude-opus-4-8')).toBe('claude-opus-4-8')
    expect(modelOf(SONNET_4_5)).toBe('claude-sonnet-4-5')
    expect(modelOf('claude-sonnet-4-20250514')).toBe('claude-sonnet-4')
    expect(modelOf('claude-opus-4-1-20250805')).toBe('claude-opus-4-1')
    expect(modelOf('claude-opus-4-20250514')).toBe('claude-opus-4')
    expect(modelOf('claude-fable-5-2')).toBe('claude-fable-5-2')
  })

  it('does not let a prefix end inside a number (a dated Fable 5 is not Fable 5.2)', () => {
    expect(modelOf('claude-fable-5-20260101')).toBe('claude-fable-5')
    const table: PriceTable = [
      { model: 'claude-opus-4-1', rates: { input: 1, output: 1, cacheWrite5m: 1, cacheWrite1h: 1, cacheRead: 1 } },
      { model: 'claude-son', rates: { input: 2, output: 2, cacheWrite5m: 2, cacheWrite1h: 2, cacheRead: 2 } }
    ]
    expect(priceFor(table, 'claude-opus-4-10')).toBeUndefined()
    expect(priceFor(table, 'claude-opus-4-1@20250805')?.model).toBe('claude-opus-4-1')
    // A user's prefix that ends in a letter still matches.
    expect(priceFor(table, 'claude-sonnet-4-5')?.model).toBe('claude-son')
  })

  it('prefers an exact entry to a longer table order, and knows nothing of unlisted models', () => {
    const table: PriceTable = [
      { model: 'custom', rates: { input: 1, output: 1, cacheWrite5m: 1, cacheWrite1h: 1, cacheRead: 1 } },
      { model: 'custom-model-x', rates: { input: 2, output: 2, cacheWrite5m: 2, cacheWrite1h: 2, cacheRead: 2 } },
      { model: 'custom-model', rates: { input: 3, output: 3, cacheWrite5m: 3, cacheWrite1h: 3, cacheRead: 3 } }
    ]
    expect(priceFor(table, 'custom-model')?.rates.input).toBe(3)
    expect(priceFor(table, 'custom-model-y')?.rates.input).toBe(3)
    expect(priceFor(table, 'other')).toBeUndefined()
    // Left out of the defaults on purpose: its output price is unconfirmed.
    expect(modelOf('claude-haiku-5-5')).toBeUndefined()
    expect(modelOf('gpt-5')).toBeUndefined()
  })
})

describe('the long-context line', () => {
  it('is crossed above 200,000 input tokens, counting cache reads and writes', () => {
    expect(isLongContext(tokens({ input: 200_000, output: 50_000 }))).toBe(false)
    expect(isLongContext(tokens({ input: 200_001 }))).toBe(true)
    expect(isLongContext(tokens({ input: 1, cacheRead: 150_000, cacheWrite5m: 40_000, cacheWrite1h: 10_000 }))).toBe(true)
    expect(isLongContext(tokens({ cacheRead: 150_000, cacheWrite5m: 40_000, cacheWrite1h: 10_000 }))).toBe(false)
  })
})

describe('transcripts priced end to end', () => {
  it.each([
    // Opus 4.5: $5 in, $25 out, $6.25 5-minute write, $10 1-hour write, $0.50 read per million.
    // 1,000,000 × 5 / 1M = $5
    ['input', { input: 1_000_000 }, tokens({ input: 1_000_000 }), 5],
    // 10,000 × 25 / 1M = $0.25
    ['output', { output: 10_000 }, tokens({ output: 10_000 }), 0.25],
    // cache_creation_input_tokens with no split: 40,000 × 6.25 / 1M = $0.25
    ['5-minute cache writes (no split)', { cacheWrite: 40_000 }, tokens({ cacheWrite5m: 40_000 }), 0.25],
    // split, all 1-hour: 40,000 × 10 / 1M = $0.40
    ['1-hour cache writes', { split: { m5: 0, h1: 40_000 } }, tokens({ cacheWrite1h: 40_000 }), 0.4],
    // 180,000 × 0.5 / 1M = $0.09
    ['cache reads', { cacheRead: 180_000 }, tokens({ cacheRead: 180_000 }), 0.09]
  ])('%s', (_name, usage, counted, dollars) => {
    const cost = countLines([response(OPUS_4_5, usage)])
    expect(cost.tokens).toEqual(counted)
    expect(cost.cost).toBeCloseTo(dollars, 12)
    expect(cost.models).toEqual([{ model: OPUS_4_5, tokens: counted, requests: 1, cost: expect.closeTo(dollars, 12) }])
    expect(cost.unpricedModels).toEqual([])
  })

  it('prices 1-hour cache writes at their own rate, apart from 5-minute ones', () => {
    // Sonnet 4.5: 30,000 × $3.75 + 10,000 × $6 = 112,500 + 60,000 = 172,500 → $0.1725
    // (all 40,000 at the 5-minute rate would be $0.15).
    const split = countLines([response(SONNET_4_5, { split: { m5: 30_000, h1: 10_000 } })])
    expect(split.tokens).toEqual(tokens({ cacheWrite5m: 30_000, cacheWrite1h: 10_000 }))
    expect(split.cost).toBeCloseTo(0.1725, 12)
    // The same 40,000 tokens without a split are all 5-minute writes: 40,000 × 3.75 = $0.15.
    const unsplit = countLines([response(SONNET_4_5, { cacheWrite: 40_000 })])
    expect(unsplit.tokens).toEqual(tokens({ cacheWrite5m: 40_000 }))
    expect(unsplit.cost).toBeCloseTo(0.15, 12)
  })

  it('bills a request above 200k input tokens at the long-context tier, request by request', () => {
    // Sonnet 4.5, standard 3 / 15 / read 0.3; long context 6 / 22.5 / read 0.6.
    // At the line (150,000 in + 50,000 read = 200,000): 150,000 × 3 + 50,000 × 0.3 + 1,000 × 15
    //   = 450,000 + 15,000 + 15,000 = 480,000 → $0.48
    // Above it (150,001 in): 150,001 × 6 + 50,000 × 0.6 + 1,000 × 22.5
    //   = 900,006 + 30,000 + 22,500 = 952,506 → $0.952506
    // Both in one session: $1.432506
    const atLine = response(SONNET_4_5, { input: 150_000, cacheRead: 50_000, output: 1000 }, '2025-06-01T12:00:00.000Z')
    const above = response(SONNET_4_5, { input: 150_001, cacheRead: 50_000, output: 1000 }, '2025-06-01T12:01:00.000Z')
    expect(countLines([atLine]).cost).toBeCloseTo(0.48, 12)
    expect(countLines([above]).cost).toBeCloseTo(0.952506, 12)
    const both = countLines([atLine, above])
    expect(both.cost).toBeCloseTo(1.432506, 12)
    expect(both.models).toEqual([{ model: SONNET_4_5, tokens: tokens({ input: 300_001, cacheRead: 100_000, output: 2000 }), requests: 2, cost: expect.closeTo(1.432506, 12) }])
  })

  it('counts cache writes toward the long-context line, and bills them at the tier too', () => {
    // 1,000 in + 150,000 read + 50,000 5-minute writes = 201,000 > 200,000: long context.
    // 1,000 × 6 + 150,000 × 0.6 + 50,000 × 7.5 = 6,000 + 90,000 + 375,000 = 471,000 → $0.471
    expect(countLines([response(SONNET_4_5, { input: 1000, cacheRead: 150_000, cacheWrite: 50_000 })]).cost).toBeCloseTo(0.471, 12)
    // 1-hour writes at the long rate: 1,000 × 6 + 150,000 × 0.6 + 50,000 × 12 = 6,000 + 90,000 + 600,000 → $0.696
    expect(countLines([response(SONNET_4_5, { input: 1000, cacheRead: 150_000, split: { m5: 0, h1: 50_000 } })]).cost).toBeCloseTo(0.696, 12)
  })

  it('keeps standard rates above 200k for a model without a long-context tier', () => {
    // Opus 4.5 has no tier: 150,001 × 5 + 50,000 × 0.5 + 1,000 × 25 = 750,005 + 25,000 + 25,000 = 800,005 → $0.800005
    expect(countLines([response(OPUS_4_5, { input: 150_001, cacheRead: 50_000, output: 1000 })]).cost).toBeCloseTo(0.800005, 12)
  })

  it('shows a model without a price as unknown with its tokens, never as $0', () => {
    // The priced part: Haiku 4.5 at $1 in / $5 out: 10,000 × 1 + 2,000 × 5 = 20,000 → $0.02
    const cost = countLines([response('claude-haiku-4-5-20251001', { input: 10_000, output: 2000 }), response('claude-haiku-5-5', { input: 7000, output: 3000, cacheRead: 500 })])
    expect(cost.cost).toBeCloseTo(0.02, 12)
    expect(cost.unpricedModels).toEqual(['claude-haiku-5-5'])
    expect(cost.tokens).toEqual(tokens({ input: 17_000, output: 5000, cacheRead: 500 }))
    expect(cost.models).toEqual([
      { model: 'claude-haiku-4-5-20251001', tokens: tokens({ input: 10_000, output: 2000 }), requests: 1, cost: expect.closeTo(0.02, 12) },
      { model: 'claude-haiku-5-5', tokens: tokens({ input: 7000, output: 3000, cacheRead: 500 }), requests: 1, cost: null }
    ])
  })

  it('uses an edited table: a custom model priced by prefix, and a price removed', () => {
    const table: PriceTable = [{ model: 'claude-sonnet-4-5', rates: { input: 10, output: 20, cacheWrite5m: 30, cacheWrite1h: 40, cacheRead: 1 } }]
    // 1,000 × 10 + 1,000 × 20 + 1,000 × 30 + 1,000 × 40 + 1,000 × 1 = 101,000 → $0.101
    const sonnet = response(SONNET_4_5, { input: 1000, output: 1000, split: { m5: 1000, h1: 1000 }, cacheRead: 1000 })
    const opus = response(OPUS_4_5, { input: 1000 })
    const cost = countLines([sonnet, opus], table)
    expect(cost.cost).toBeCloseTo(0.101, 12)
    expect(cost.unpricedModels).toEqual([OPUS_4_5])
  })

  it('skips user lines, synthetic responses and garbage between priced lines', () => {
    // Only the Opus 4.5 line counts: 2,000 × 25 / 1M = $0.05
    const synthetic = response('<synthetic>', { input: 0, output: 0 })
    const cost = countLines([userLine('session-1', 'what does "usage" mean?'), '{"type":"assistant","message":{"usage":', response(OPUS_4_5, { output: 2000 }), synthetic, 'garbage "usage"'])
    expect(cost.cost).toBeCloseTo(0.05, 12)
    expect(cost.models.map((usage) => usage.model)).toEqual([OPUS_4_5])
  })
})

describe('parseUsageLine', () => {
  const line = (patch: Partial<AssistantLine> = {}): string => assistantLine({ sessionId: 's', messageId: 'msg_1', requestId: 'req_1', usage: { input: 5, output: 7 }, ...patch })
  /** A raw assistant line with this usage object, for shapes the helper does not write. */
  const rawUsage = (usage: Record<string, unknown>): string =>
    JSON.stringify({ type: 'assistant', sessionId: 's', timestamp: '2025-06-01T12:00:00.000Z', requestId: 'r', message: { id: 'm', model: 'm-1', usage } })

  it('ignores garbage and every line that is not an assistant response with usage', () => {
    const assistant = JSON.parse(line()) as Record<string, unknown>
    const without = (key: string): string => JSON.stringify({ ...assistant, [key]: undefined })
    const withMessage = (patch: Record<string, unknown>): string => JSON.stringify({ ...assistant, message: { ...(assistant.message as object), ...patch } })
    for (const text of [
      '',
      'not json',
      '{"type":"assistant"',
      'null',
      '[1,2]',
      '"assistant"',
      '{"type":"assistant"}',
      userLine('s', 'hello'),
      JSON.stringify({ type: 'summary', summary: 'x', usage: { input_tokens: 1, output_tokens: 1 } }),
      JSON.stringify({ ...assistant, type: 'user' }),
      without('timestamp'),
      JSON.stringify({ ...assistant, timestamp: 'yesterday' }),
      withMessage({ model: '<synthetic>' }),
      withMessage({ model: '' }),
      withMessage({ model: undefined }),
      withMessage({ usage: undefined }),
      withMessage({ usage: [] }),
      withMessage({ usage: { output_tokens: 3 } }),
      withMessage({ usage: { input_tokens: '3', output_tokens: 3 } })
    ]) {
      expect(parseUsageLine(text), text).toBeUndefined()
    }
  })

  it('reads ids, session, folder, sidechain and time', () => {
    expect(parseUsageLine(line({ cwd: '/w/p', sidechain: true, timestamp: '2025-06-01T12:00:00.000Z' }))).toEqual({
      key: 'msg_1:req_1',
      messageId: 'msg_1',
      sessionId: 's',
      model: 'claude-sonnet-4-5-20250929',
      timestamp: '2025-06-01T12:00:00.000Z',
      timeMs: Date.UTC(2025, 5, 1, 12),
      tokens: tokens({ input: 5, output: 7 }),
      cwd: '/w/p',
      sidechain: true
    })
  })

  it('has no dedupe key without both ids, and takes the file name for a missing session id', () => {
    expect(parseUsageLine(line({ requestId: undefined }))).toMatchObject({ key: undefined, messageId: 'msg_1' })
    expect(parseUsageLine(line({ messageId: undefined }))).toMatchObject({ key: undefined, messageId: undefined })
    const noSession = JSON.stringify({ ...(JSON.parse(line()) as object), sessionId: undefined })
    expect(parseUsageLine(noSession, 'from-file')?.sessionId).toBe('from-file')
    expect(parseUsageLine(line(), 'from-file')?.sessionId).toBe('s')
  })

  it('splits cache writes as the CLI bills them', () => {
    const writes = (text: string): Pick<TokenCounts, 'cacheWrite5m' | 'cacheWrite1h'> | undefined => {
      const parsed = parseUsageLine(text)?.tokens
      return parsed && { cacheWrite5m: parsed.cacheWrite5m, cacheWrite1h: parsed.cacheWrite1h }
    }
    // No split: all 5-minute writes.
    expect(writes(line({ usage: { cacheWrite: 500 } }))).toEqual({ cacheWrite5m: 500, cacheWrite1h: 0 })
    // A split: each lifetime on its own.
    expect(writes(line({ usage: { split: { m5: 300, h1: 200 } } }))).toEqual({ cacheWrite5m: 300, cacheWrite1h: 200 })
    // The CLI's default split of zeros beside a total (an API that sends no split): still 5-minute writes.
    expect(writes(rawUsage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 500, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } }))).toEqual({
      cacheWrite5m: 500,
      cacheWrite1h: 0
    })
    // A split without a total: its sum.
    expect(writes(rawUsage({ input_tokens: 1, output_tokens: 1, cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 20 } }))).toEqual({ cacheWrite5m: 30, cacheWrite1h: 20 })
    // The 1-hour share never exceeds the total (the CLI caps it too).
    expect(writes(rawUsage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 100, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 150 } }))).toEqual({
      cacheWrite5m: 0,
      cacheWrite1h: 100
    })
  })

  it('counts odd numbers as nothing rather than failing', () => {
    expect(parseUsageLine(rawUsage({ input_tokens: -5, output_tokens: 2.7, cache_read_input_tokens: null, cache_creation_input_tokens: 'x' }))?.tokens).toEqual(tokens({ output: 2 }))
  })
})
