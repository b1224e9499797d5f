import type { CostReport } from '../../../shared/costs'

// The cost chart's data: one stacked bar per day, a layer per model. uPlot draws its
// series in order, each over the last, so the layers go tallest first: each one's
// top is its own dollars plus those of every model under it.

export interface ChartLayer {
  model: string
  /** This model's dollars per day, for the legend. */
  dollars: number[]
  /** Where its part of the bar ends: its dollars and every layer's under it. */
  top: number[]
}

export interface ChartData {
  /** Local midnight of each day, in seconds (uPlot's time scale). */
  days: number[]
  /** In drawing order: the top layer first. */
  layers: ChartLayer[]
}

/** "2026-11-24" at local midnight, in seconds. */
export function daySeconds(day: string): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number)
  return new Date(year, month - 1, date).getTime() / 1000
}

export function chartData(series: CostReport['series']): ChartData {
  let below = series.days.map(() => 0)
  const stacked = series.models.map(({ model, dollars }) => {
    const top = below.map((sum, index) => sum + (dollars[index] ?? 0))
    below = top
    return { model, dollars, top }
  })
  return { days: series.days.map(daySeconds), layers: stacked.reverse() }
}

/** Whether the chart has anything to draw: some priced dollars on some day (unpriced usage has none). */
export function hasSpend(series: CostReport['series']): boolean {
  return series.models.some((model) => model.dollars.some((dollars) => dollars > 0))
}

/**
 * The days the x axis names: every day when they fit `width` px at `space` px each, else
 * every second, seventh… day, counted back from the newest so today always has its label.
 */
export function dayTicks(days: readonly number[], width: number, space: number): number[] {
  const fit = Math.max(1, Math.floor(width / space))
  const step = [1, 2, 7, 14, 28].find((every) => Math.ceil(days.length / every) <= fit) ?? Math.ceil(days.length / fit)
  return days.filter((_day, index) => (days.length - 1 - index) % step === 0)
}
