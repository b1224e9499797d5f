import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Layout, LayoutNode } from '../../src/shared/layout'
import { emptyLayout, findSplit, paneIds, validateLayout } from '../../src/shared/layout-tree'
import { fitLayout } from '../../src/main/recovery'

const [a, b, c, x, extra] = Array.from({ length: 5 }, () => randomUUID()) as [string, string, string, string, string]
const pane = (paneId: string): LayoutNode => ({ type: 'pane', paneId })

/** Side by side: a over x (25/75) on the left, b over c (40/60) on the right, 30/70 between them. */
function savedLayout(zoomed: string | null = null): Layout {
  const left: LayoutNode = { type: 'split', id: 'left', direction: 'column', children: [pane(a), pane(x)], sizes: [25, 75] }
  const right: LayoutNode = { type: 'split', id: 'right', direction: 'column', children: [pane(b), pane(c)], sizes: [40, 60] }
  return { root: { type: 'split', id: 'root', direction: 'row', children: [left, right], sizes: [30, 70] }, zoomed }
}

const sizesOf = (layout: Layout, splitId: string): number[] | undefined => findSplit(layout, splitId)?.sizes

describe('fitLayout', () => {
  it('keeps the saved layout as it is when every pane came back', () => {
    const saved = savedLayout(b)
    expect(validateLayout(saved)).toEqual([])
    expect(fitLayout(saved, new Set([a, b, c, x]))).toEqual(saved)
  })

  it('removes a pane that was not restored, and the sizes of splits it was not in stay', () => {
    const fitted = fitLayout(savedLayout(), new Set([a, b, c]))
    expect(validateLayout(fitted)).toEqual([])
    expect(paneIds(fitted)).toEqual([a, b, c])
    // The left split lost its second pane and collapsed into pane a; the others keep their shares.
    expect(findSplit(fitted, 'left')).toBeNull()
    expect(sizesOf(fitted, 'root')).toEqual([30, 70])
    expect(sizesOf(fitted, 'right')).toEqual([40, 60])
  })

  it('clears the zoom on a pane that was not restored', () => {
    const fitted = fitLayout(savedLayout(x), new Set([a, b, c]))
    expect(fitted.zoomed).toBeNull()
    expect(validateLayout(fitted)).toEqual([])
  })

  it('keeps the zoom on a restored pane when another one is removed', () => {
    expect(fitLayout(savedLayout(b), new Set([a, b, c])).zoomed).toBe(b)
  })

  it('adds a restored pane missing from the layout, and the sizes of untouched splits stay', () => {
    const fitted = fitLayout(savedLayout(), new Set([a, b, c, x, extra]))
    expect(validateLayout(fitted)).toEqual([])
    expect(paneIds(fitted)).toHaveLength(5)
    expect(paneIds(fitted).filter((id) => id !== extra)).toEqual([a, x, b, c])
    expect(sizesOf(fitted, 'left')).toEqual([25, 75])
    expect(sizesOf(fitted, 'root')).toEqual([30, 70])
  })

  it('removes and adds in one go', () => {
    const fitted = fitLayout(savedLayout(x), new Set([a, b, extra]))
    expect(validateLayout(fitted)).toEqual([])
    expect(new Set(paneIds(fitted))).toEqual(new Set([a, b, extra]))
    expect(fitted.zoomed).toBeNull()
  })

  it('empties the layout when no pane came back', () => {
    expect(fitLayout(savedLayout(a), new Set())).toEqual(emptyLayout())
  })

  it('builds a layout for restored panes when none was saved', () => {
    const fitted = fitLayout(emptyLayout(), new Set([a, b]))
    expect(validateLayout(fitted)).toEqual([])
    expect(paneIds(fitted)).toEqual([a, b])
  })
})
