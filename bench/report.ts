// Pure pieces of `npm run bench`: figure types, sample statistics, and the
// table and JSON the runner prints and writes. No I/O here, so it is unit-tested.

/** What a figure module measures: flat keys whose suffix names the unit (`_ms`, `_bytes`, …). */
export type Figures = Record<string, number>

/** A goal for one figure; the table marks whether the run met it. */
export type Target = { max: number } | { min: number }

export interface FigureModule {
  measure(): Promise<Figures>
  /** Targets for the keys that have one; keys without stay unjudged. */
  targets?: Readonly<Record<string, Target>>
}

export interface Summary {
  median: number
  min: number
  max: number
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize needs at least one sample')
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const at = (index: number): number => sorted[index] as number
  const median = sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2
  return { median, min: at(0), max: at(sorted.length - 1) }
}

// Longest suffix first, so `_per_s` is not read as `_s`.
const UNIT_SUFFIXES: ReadonlyArray<[suffix: string, unit: string]> = [
  ['_mb_s', 'MB/s'],
  ['_per_s', '/s'],
  ['_bytes', 'B'],
  ['_mb', 'MB'],
  ['_ms', 'ms'],
  ['_pct', '%'],
  ['_s', 's']
]

export function unitOf(key: string): string {
  return UNIT_SUFFIXES.find(([suffix]) => key.endsWith(suffix))?.[1] ?? ''
}

export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '—'
  const [sign, bound] = 'max' in target ? ['≤', target.max] : ['≥', target.min]
  return `${sign} ${bound}${unit ? ` ${unit}` : ''}`
}

export function meetsTarget(value: number, target: Target | undefined): boolean | undefined {
  if (!target) return undefined
  return 'max' in target ? value <= target.max : value >= target.min
}

/** Adds one module's figures, refusing what would make the JSON ambiguous or invalid. */
export function mergeFigures(into: Figures, from: Figures, source: string): void {
  for (const [key, value] of Object.entries(from)) {
    if (key in into) throw new Error(`${source}: figure "${key}" is already reported by an earlier module`)
    if (!Number.isFinite(value)) throw new Error(`${source}: figure "${key}" is ${value}, not a finite number`)
    into[key] = value
  }
}

// Ratios below 1 need more than one decimal to be read against their targets.
const round = (value: number): string =>
  Number.isInteger(value) ? String(value) : Math.abs(value) < 1 ? value.toFixed(3) : value.toFixed(1)

export function formatTable(figures: Figures, targets: Readonly<Record<string, Target>> = {}): string {
  const rows = Object.entries(figures).map(([key, value]) => {
    const unit = unitOf(key)
    const met = meetsTarget(value, targets[key])
    return [key, round(value), unit, describeTarget(targets[key], unit), met === undefined ? '' : met ? 'ok' : 'MISSED']
  })
  const header = ['figure', 'value', 'unit', 'target', '']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

/** latest.json is the figures alone: flat keys, numbers, as the issues name them. */
export function resultsJson(figures: Figures): string {
  return `${JSON.stringify(figures, null, 2)}\n`
}
