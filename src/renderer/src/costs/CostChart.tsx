import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { CostReport } from '../../../shared/costs'
import { chartData, dayTicks, type ChartData } from './chart-data'
import { formatDollars } from './cost-format'

// Spend per day, a stacked bar per day with a layer per model, drawn by uPlot. This
// module is loaded only when the cost panel opens (React.lazy), uPlot with it.

const HEIGHT = 200
const DAY = 86_400
/** Room for one day's label on the x axis ("Nov 24"). */
const DAY_LABEL_SPACE = 64
/** The dollar axis's width. */
const Y_AXIS_SIZE = 56
/** Model colours, readable on both themes. */
const PALETTE = ['#d97757', '#7aa2f7', '#4fa36b', '#c89b3c', '#a47fd6', '#2aa7c0', '#e0607e', '#6b8e9e']

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim()

/** "Nov 24" for a day given as local midnight in seconds. */
const dayLabel = (seconds: number): string => new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })

function options(data: ChartData, width: number): uPlot.Options {
  const muted = cssVar('--muted')
  const grid = { stroke: cssVar('--border'), width: 1 }
  const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 })
  const first = data.days[0] ?? 0
  const last = data.days[data.days.length - 1] ?? first
  const count = data.layers.length
  return {
    width,
    height: HEIGHT,
    // Half a day either side: a single day still gets a bar of its own.
    scales: { x: { time: true, range: () => [first - DAY / 2, last + DAY / 2] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      // One tick per day (or every few days when they do not fit), named by date: uPlot's own
      // time ticks would mark hours around a single day's bar.
      { stroke: muted, grid, ticks: grid, splits: (u) => dayTicks(data.days, u.width - Y_AXIS_SIZE, DAY_LABEL_SPACE), values: (_u, splits) => splits.map(dayLabel) },
      { stroke: muted, grid, ticks: grid, size: Y_AXIS_SIZE, values: (_u, splits) => splits.map((value) => formatDollars(value)) }
    ],
    series: [
      // No day under the cursor: a dash, not the epoch.
      { label: 'Day', value: (_u, seconds, _series, day) => (day === null ? '—' : new Date(seconds * 1000).toLocaleDateString()) },
      ...data.layers.map((layer, index) => {
        const color = PALETTE[(count - 1 - index) % PALETTE.length] ?? muted
        return {
          label: layer.model,
          stroke: color,
          fill: color,
          // Filled bars without an outline: a day with no spend draws nothing, not a line at $0.
          width: 0,
          paths: bars,
          points: { show: false },
          // The legend names this model's own dollars, not the top of its layer.
          value: (_u: uPlot, _top: number, _series: number, day: number | null) => (day === null ? '—' : formatDollars(layer.dollars[day] ?? 0))
        }
      })
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } }
  }
}

export default function CostChart({ series }: { series: CostReport['series'] }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const element = host.current
    if (!element) return
    const data = chartData(series)
    const plot = new uPlot(options(data, element.clientWidth), [data.days, ...data.layers.map((layer) => layer.top)], element)
    const observer = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }))
    observer.observe(element)
    return () => {
      observer.disconnect()
      plot.destroy()
    }
  }, [series])

  return <div ref={host} className="cost-chart" role="img" aria-label="Spend per day, by model" />
}
