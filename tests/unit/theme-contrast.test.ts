import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Header and toolbar text must stay readable in both themes: WCAG AA asks 4.5:1 for
// text of this size. The colours are read from styles.css itself, so a later
// change to a variable is checked too.

const STYLES = readFileSync(join(__dirname, '..', '..', 'src', 'renderer', 'src', 'styles.css'), 'utf8')

type Rgb = readonly [number, number, number]

function themeVariables(theme: 'dark' | 'light'): Record<string, string> {
  const selector = theme === 'dark' ? ":root[data-theme='dark'] {" : ":root[data-theme='light'] {"
  const start = STYLES.indexOf(selector)
  const block = STYLES.slice(start, STYLES.indexOf('}', start))
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((match) => [match[1], (match[2] ?? '').trim()]))
}

function parse(colour: string): { rgb: Rgb; alpha: number } {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour)
  if (hex?.[1]) {
    const value = Number.parseInt(hex[1], 16)
    return { rgb: [(value >> 16) & 255, (value >> 8) & 255, value & 255], alpha: 1 }
  }
  const rgba = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)$/.exec(colour)
  if (rgba) return { rgb: [Number(rgba[1]), Number(rgba[2]), Number(rgba[3])], alpha: rgba[4] === undefined ? 1 : Number(rgba[4]) }
  throw new Error(`not a colour this test reads: ${colour}`)
}

/** A translucent colour laid over an opaque one, as the page paints it. */
function over(top: string, below: string): Rgb {
  const { rgb, alpha } = parse(top)
  const base = parse(below).rgb
  return [0, 1, 2].map((i) => (rgb[i] ?? 0) * alpha + (base[i] ?? 0) * (1 - alpha)) as unknown as Rgb
}

function luminance([r, g, b]: Rgb): number {
  const channel = (value: number): number => {
    const c = value / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  const vars = themeVariables(theme)
  const colour = (name: string): string => {
    const value = vars[name]
    if (!value) throw new Error(`--${name} is not set in the ${theme} theme`)
    return value
  }
  const solid = (name: string): Rgb => parse(colour(name)).rgb

  it('the WCAG formula gives the known extremes', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5)
    expect(contrast([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2)
  })

  // Header (plain and focused) and toolbar (--header-bg) and the page behind them (--bg).
  it.each(['header-bg', 'header-focused', 'bg'])('has every text colour readable on --%s', (background) => {
    for (const text of ['fg', 'fg-strong', 'muted', 'accent', 'danger', 'success', 'warning']) {
      expect(contrast(solid(text), solid(background)), `--${text} on --${background}`).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('keeps chip text readable on its tinted chip', () => {
    for (const background of ['header-bg', 'header-focused']) {
      expect(contrast(solid('accent'), over(colour('accent-soft'), colour(background))), `accent chip on --${background}`).toBeGreaterThanOrEqual(4.5)
      expect(contrast(solid('danger'), over(colour('danger-soft'), colour(background))), `danger chip on --${background}`).toBeGreaterThanOrEqual(4.5)
    }
    expect(contrast(solid('accent-fg'), solid('accent')), 'primary button').toBeGreaterThanOrEqual(4.5)
    expect(contrast(solid('banner-fg'), solid('banner-bg')), 'banner').toBeGreaterThanOrEqual(4.5)
  })
})
