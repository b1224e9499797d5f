import { describe, expect, it } from 'vitest'
import { formatTable, mergeFigures, resultsJson, summarize, unitOf, type Figures } from '../../bench/report.ts'

describe('summarize', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(summarize([900, 700, 1100, 650, 720])).toEqual({ median: 720, min: 650, max: 1100 })
  })

  it('averages the two middle samples of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 })
  })

  it('refuses no samples rather than reporting NaN', () => {
    expect(() => summarize([])).toThrow('at least one sample')
  })
})

describe('unitOf', () => {
  it('reads the unit from the key suffix, longest suffix first', () => {
    expect(unitOf('startup_to_prompt_ms')).toBe('ms')
    expect(unitOf('pty_throughput_bytes_per_s')).toBe('/s')
    expect(unitOf('throughput_mb_s')).toBe('MB/s')
    expect(unitOf('restore_s')).toBe('s')
    expect(unitOf('panes')).toBe('')
  })
})

describe('mergeFigures', () => {
  it('adds new keys', () => {
    const into: Figures = { a_ms: 1 }
    mergeFigures(into, { b_ms: 2 }, 'second')
    expect(into).toEqual({ a_ms: 1, b_ms: 2 })
  })

  it('refuses a key an earlier module reported', () => {
    expect(() => mergeFigures({ a_ms: 1 }, { a_ms: 2 }, 'second')).toThrow('second: figure "a_ms" is already reported')
  })

  it('refuses values JSON cannot carry', () => {
    expect(() => mergeFigures({}, { a_ms: Number.NaN }, 'm')).toThrow('not a finite number')
    expect(() => mergeFigures({}, { a_ms: Number.POSITIVE_INFINITY }, 'm')).toThrow('not a finite number')
  })
})

describe('formatTable', () => {
  it('aligns key, value, unit and target, and marks targets met or missed', () => {
    const table = formatTable(
      { startup_to_prompt_ms: 741, memory_mb: 95.25, panes: 3 },
      { startup_to_prompt_ms: { max: 1000 }, memory_mb: { max: 80 } }
    )
    expect(table.split('\n')).toEqual([
      'figure                value  unit  target',
      'startup_to_prompt_ms    741  ms    ≤ 1000 ms  ok',
      'memory_mb              95.3  MB    ≤ 80 MB    MISSED',
      'panes                     3        —'
    ])
  })

  it('judges a minimum target', () => {
    expect(formatTable({ rate_per_s: 10 }, { rate_per_s: { min: 50 } })).toContain('≥ 50 /s  MISSED')
  })

  it('shows ratios below 1 with three decimals', () => {
    expect(formatTable({ ratio: 0.133 })).toContain('0.133')
  })
})

describe('resultsJson', () => {
  it('writes the figures as flat keys with number values', () => {
    const figures = { startup_to_prompt_ms: 741.5, startup_host_to_url_ms: 262 }
    expect(JSON.parse(resultsJson(figures))).toEqual(figures)
  })
})
