import { describe, expect, it } from 'vitest'
import { chartData, dayTicks, daySeconds, hasSpend } from '../../src/renderer/src/costs/chart-data.ts'

// The cost chart's data: stacked layers per model, which days the x axis names, and
// whether there is anything priced to draw at all.

const series = {
  days: ['2026-11-23', '2026-11-24'],
  models: [
    { model: 'claude-opus-4-8', dollars: [1, 0] },
    { model: 'claude-haiku-4-5', dollars: [0.5, 2] }
  ]
}

describe('the stacked layers', () => {
  it('puts each model on top of the ones before it, the top layer first (uPlot draws in order)', () => {
    const data = chartData(series)
    expect(data.days).toEqual([daySeconds('2026-11-23'), daySeconds('2026-11-24')])
    expect(data.layers.map((layer) => layer.model)).toEqual(['claude-haiku-4-5', 'claude-opus-4-8'])
    expect(data.layers[0]?.top).toEqual([1.5, 2])
    expect(data.layers[1]?.top).toEqual([1, 0])
    // The legend reads a model's own dollars, not its layer's top.
    expect(data.layers[0]?.dollars).toEqual([0.5, 2])
  })

  it('takes a day as local midnight', () => {
    expect(new Date(daySeconds('2026-11-24') * 1000).getHours()).toBe(0)
    expect(new Date(daySeconds('2026-11-24') * 1000).getDate()).toBe(24)
  })
})

describe('whether there is spend to chart', () => {
  it('is true with any priced dollars', () => {
    expect(hasSpend(series)).toBe(true)
  })

  it('is false when the range only has unpriced usage (no dollars) or no models', () => {
    expect(hasSpend({ days: ['2026-11-24'], models: [{ model: 'x', dollars: [0] }] })).toBe(false)
    expect(hasSpend({ days: ['2026-11-24'], models: [] })).toBe(false)
  })
})

describe('the days the x axis names', () => {
  const days = Array.from({ length: 30 }, (_day, index) => index)

  it('names every day when they fit', () => {
    expect(dayTicks([5], 600, 64)).toEqual([5])
    expect(dayTicks(days.slice(0, 7), 600, 64)).toEqual(days.slice(0, 7))
  })

  it('names every second or seventh day when they do not, always the newest', () => {
    // 600 px fits 9 labels: 30 days every 7th gives 5, every 2nd would give 15.
    expect(dayTicks(days, 600, 64)).toEqual([1, 8, 15, 22, 29])
    // 1,200 px fits 18: every 2nd day.
    expect(dayTicks(days, 1200, 64)).toEqual(days.filter((day) => day % 2 === 1))
  })

  it('spaces a long history out further, and names one day however narrow the chart', () => {
    const year = Array.from({ length: 365 }, (_day, index) => index)
    const ticks = dayTicks(year, 600, 64)
    expect(ticks.length).toBeLessThanOrEqual(9)
    expect(ticks.at(-1)).toBe(364)
    expect(dayTicks(days, 10, 64)).toEqual([29])
  })
})
