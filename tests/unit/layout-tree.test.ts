import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Layout, type Edge, type LayoutNode } from '../../src/shared/layout'
import {
  LayoutError,
  MIN_SHARE,
  deserialiseLayout,
  emptyLayout,
  equalize,
  findSplit,
  insertPane,
  layoutsEqual,
  movePane,
  neighbor,
  normalizeLayout,
  paneIds,
  paneRects,
  parseLayout,
  removePane,
  resizeSplit,
  serialiseLayout,
  setZoom,
  swapPanes,
  validateLayout,
  type Direction
} from '../../src/shared/layout-tree'

// Readable, valid (v4) uuids: P(1) ... P(99), shown as "1" ... "99" by shape().
const P = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const name = (paneId: string): string => String(Number(paneId.slice(-12)))

const pane = (n: number): LayoutNode => ({ type: 'pane', paneId: P(n) })
const split = (id: string, direction: 'row' | 'column', children: LayoutNode[], sizes?: number[]): LayoutNode => ({
  type: 'split',
  id,
  direction,
  children,
  sizes: sizes ?? children.map(() => 100 / children.length)
})
const layoutOf = (root: LayoutNode | null, zoomed: string | null = null): Layout => ({ root, zoomed })

/** The tree as a compact string, ignoring generated split ids: row(1 50, column(2 50, 3 50) 50). */
function shape(node: LayoutNode | null): string {
  if (node === null) return 'empty'
  if (node.type === 'pane') return name(node.paneId)
  const parts = node.children.map((child, i) => `${shape(child)} ${round(node.sizes[i] ?? Number.NaN)}`)
  return `${node.direction}(${parts.join(', ')})`
}
const round = (n: number): number => Math.round(n * 1000) / 1000

/** Builds a layout by inserting panes 1..n, each beside the previous one's default spot. */
function build(...steps: ([number] | [number, number, Edge])[]): Layout {
  return steps.reduce<Layout>(
    (layout, [id, target, edge]) =>
      insertPane(layout, P(id), target !== undefined && edge ? { paneId: P(target), edge } : undefined),
    emptyLayout()
  )
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze)
    Object.freeze(value)
  }
  return value
}

function expectLayoutError(fn: () => unknown, kind: LayoutError['kind'], message: RegExp): void {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LayoutError)
    expect((err as LayoutError).kind).toBe(kind)
    expect((err as LayoutError).message).toMatch(message)
    return
  }
  throw new Error('expected a LayoutError')
}

// 2x2: row( column(1, 3), column(2, 4) )
const grid2x2 = (): Layout =>
  layoutOf(split('r', 'row', [split('c1', 'column', [pane(1), pane(3)]), split('c2', 'column', [pane(2), pane(4)])]))

describe('insertPane', () => {
  it('makes the first pane the root', () => {
    expect(shape(build([1]).root)).toBe('1')
  })

  it('puts a pane without a target to the right of the last pane, sharing its space', () => {
    expect(shape(build([1], [2]).root)).toBe('row(1 50, 2 50)')
    expect(shape(build([1], [2], [3]).root)).toBe('row(1 50, 2 25, 3 25)')
  })

  it('adds a sibling instead of nesting when the split runs the same way', () => {
    const layout = build([1], [2], [3, 1, 'left'])
    expect(shape(layout.root)).toBe('row(3 25, 1 25, 2 50)')
  })

  it('nests a new split when the edge runs the other way', () => {
    const layout = build([1], [2], [3, 2, 'bottom'], [4, 3, 'top'])
    expect(shape(layout.root)).toBe('row(1 50, column(2 50, 4 25, 3 25) 50)')
  })

  it('keeps the split id and shares untouched subtrees', () => {
    const before = build([1], [2, 1, 'bottom'], [3, 2, 'right'])
    const after = insertPane(before, P(4), { paneId: P(1), edge: 'right' })
    if (before.root?.type !== 'split' || after.root?.type !== 'split') throw new Error('expected splits')
    expect(after.root.id).toBe(before.root.id)
    expect(after.root.children[1]).toBe(before.root.children[1])
  })

  it('never lets a share fall below the minimum', () => {
    let layout = build([1])
    for (let n = 2; n <= 12; n++) layout = insertPane(layout, P(n))
    if (layout.root?.type !== 'split') throw new Error('expected a split')
    expect(Math.min(...layout.root.sizes)).toBeGreaterThanOrEqual(MIN_SHARE - 1e-9)
    expect(validateLayout(layout)).toEqual([])
  })

  it('clears zoom so the new pane is visible', () => {
    const zoomed = setZoom(build([1], [2]), P(1))
    expect(insertPane(zoomed, P(3)).zoomed).toBeNull()
  })

  it('rejects a duplicate pane and an unknown target', () => {
    expectLayoutError(() => insertPane(build([1]), P(1)), 'invalid', /already in the layout/)
    expectLayoutError(() => insertPane(build([1]), P(2), { paneId: P(9), edge: 'left' }), 'not_found', /Unknown pane/)
    expectLayoutError(() => insertPane(emptyLayout(), P(2), { paneId: P(9), edge: 'left' }), 'not_found', /Unknown pane/)
  })
})

describe('removePane', () => {
  it('gives the space to the sibling before it, or after it when it was first', () => {
    const layout = layoutOf(split('r', 'row', [pane(1), pane(2), pane(3)], [20, 30, 50]))
    expect(shape(removePane(layout, P(2)).root)).toBe('row(1 50, 3 50)')
    expect(shape(removePane(layout, P(1)).root)).toBe('row(2 50, 3 50)')
    expect(shape(removePane(layout, P(3)).root)).toBe('row(1 20, 2 80)')
  })

  it('collapses a split left with one child into that child', () => {
    const layout = build([1], [2], [3, 2, 'bottom'])
    expect(shape(removePane(layout, P(3)).root)).toBe('row(1 50, 2 50)')
  })

  it('collapses splits in a deep tree and flattens same-direction nesting', () => {
    // row(1, column(2, row(3, 4)))  →  remove 2  →  row(1, 3, 4)
    const layout = layoutOf(
      split('r', 'row', [pane(1), split('c', 'column', [pane(2), split('r2', 'row', [pane(3), pane(4)])])], [40, 60])
    )
    const after = removePane(layout, P(2))
    expect(shape(after.root)).toBe('row(1 40, 3 30, 4 30)')
    expect(after.root?.type === 'split' && after.root.id).toBe('r')
    expect(validateLayout(after)).toEqual([])
  })

  it('leaves an empty layout when the last pane goes', () => {
    expect(removePane(build([1]), P(1))).toEqual({ root: null, zoomed: null })
  })

  it('clears zoom when the zoomed pane goes, keeps it otherwise', () => {
    const layout = setZoom(build([1], [2], [3]), P(2))
    expect(removePane(layout, P(2)).zoomed).toBeNull()
    expect(removePane(layout, P(3)).zoomed).toBe(P(2))
  })

  it('rejects an unknown pane', () => {
    expectLayoutError(() => removePane(build([1]), P(5)), 'not_found', /Unknown pane/)
    expectLayoutError(() => removePane(emptyLayout(), P(5)), 'not_found', /Unknown pane/)
  })
})

describe('movePane', () => {
  it('moves a pane to an edge of another', () => {
    // row(1 50, 2 25, 3 25): the moved pane's share goes to its sibling, then it halves the target's.
    const layout = build([1], [2], [3])
    expect(shape(movePane(layout, P(3), P(1), 'top').root)).toBe('row(column(3 50, 1 50) 50, 2 50)')
    expect(shape(movePane(layout, P(1), P(3), 'right').root)).toBe('row(2 75, 3 12.5, 1 12.5)')
  })

  it('changes nothing when the pane already sits on that edge', () => {
    const layout = build([1], [2])
    expect(movePane(layout, P(1), P(2), 'left')).toBe(layout)
  })

  it('keeps zoom', () => {
    const layout = setZoom(build([1], [2], [3]), P(3))
    expect(movePane(layout, P(3), P(1), 'bottom').zoomed).toBe(P(3))
  })

  it('rejects moving a pane onto itself and unknown panes', () => {
    const layout = build([1], [2])
    expectLayoutError(() => movePane(layout, P(1), P(1), 'left'), 'invalid', /onto itself/)
    expectLayoutError(() => movePane(layout, P(9), P(1), 'left'), 'not_found', /Unknown pane/)
    expectLayoutError(() => movePane(layout, P(1), P(9), 'left'), 'not_found', /Unknown pane/)
  })
})

describe('swapPanes', () => {
  it('exchanges places and keeps sizes and zoom', () => {
    const layout = setZoom(layoutOf(split('r', 'row', [pane(1), split('c', 'column', [pane(2), pane(3)])], [30, 70])), P(1))
    const after = swapPanes(layout, P(1), P(3))
    expect(shape(after.root)).toBe('row(3 30, column(2 50, 1 50) 70)')
    expect(after.zoomed).toBe(P(1))
  })

  it('is a no-op with itself and rejects unknown panes', () => {
    const layout = build([1], [2])
    expect(swapPanes(layout, P(1), P(1))).toBe(layout)
    expectLayoutError(() => swapPanes(layout, P(1), P(7)), 'not_found', /Unknown pane/)
  })
})

describe('resizeSplit', () => {
  const layout = layoutOf(split('r', 'row', [pane(1), pane(2), pane(3)]))

  it('normalizes sizes to sum to 100', () => {
    expect(findSplit(resizeSplit(layout, 'r', [1, 1, 2]), 'r')?.sizes).toEqual([25, 25, 50])
  })

  it('raises a share below the minimum, taking from the others in proportion', () => {
    const sizes = findSplit(resizeSplit(layout, 'r', [1, 49.5, 49.5]), 'r')?.sizes ?? []
    expect(sizes.map(round)).toEqual([MIN_SHARE, 47.5, 47.5])
  })

  it('returns the same layout when nothing changes', () => {
    expect(resizeSplit(layout, 'r', [10, 10, 10])).toBe(layout)
  })

  it('rejects a wrong number of sizes, bad numbers and unknown splits', () => {
    expectLayoutError(() => resizeSplit(layout, 'r', [50, 50]), 'invalid', /3 children but got 2 sizes/)
    expectLayoutError(() => resizeSplit(layout, 'r', [50, 0, 50]), 'invalid', /positive/)
    expectLayoutError(() => resizeSplit(layout, 'r', [50, Number.NaN, 50]), 'invalid', /positive/)
    expectLayoutError(() => resizeSplit(layout, 'nope', [50, 50, 50]), 'not_found', /Unknown split nope/)
  })
})

describe('equalize', () => {
  it('gives every split equal shares, recursively', () => {
    const layout = layoutOf(split('r', 'row', [pane(1), split('c', 'column', [pane(2), pane(3), pane(4)], [10, 10, 80])], [80, 20]))
    expect(shape(equalize(layout).root)).toBe('row(1 50, column(2 33.333, 3 33.333, 4 33.333) 50)')
  })

  it('returns the same layout when already equal', () => {
    const layout = grid2x2()
    expect(equalize(layout)).toBe(layout)
    expect(equalize(emptyLayout())).toEqual(emptyLayout())
  })
})

describe('setZoom', () => {
  it('zooms and unzooms', () => {
    const layout = build([1], [2])
    const zoomed = setZoom(layout, P(2))
    expect(zoomed.zoomed).toBe(P(2))
    expect(setZoom(zoomed, P(2))).toBe(zoomed)
    expect(setZoom(zoomed, null).zoomed).toBeNull()
  })

  it('rejects an unknown pane', () => {
    expectLayoutError(() => setZoom(build([1]), P(4)), 'not_found', /Unknown pane/)
  })
})

describe('reading order and geometry', () => {
  it('lists panes left to right, top to bottom, depth first', () => {
    expect(paneIds(grid2x2()).map(name)).toEqual(['1', '3', '2', '4'])
    expect(paneIds(emptyLayout())).toEqual([])
  })

  it('computes rectangles from the sizes', () => {
    const layout = layoutOf(split('r', 'row', [pane(1), split('c', 'column', [pane(2), pane(3)], [25, 75])], [40, 60]))
    expect(paneRects(layout)).toEqual([
      { paneId: P(1), x: 0, y: 0, width: 0.4, height: 1 },
      { paneId: P(2), x: 0.4, y: 0, width: 0.6, height: 0.25 },
      { paneId: P(3), x: 0.4, y: 0.25, width: 0.6, height: 0.75 }
    ])
  })
})

describe('neighbor', () => {
  const cases: [number, Direction, number | null][] = [
    [1, 'right', 2],
    [1, 'down', 3],
    [1, 'left', null],
    [1, 'up', null],
    [4, 'left', 3],
    [4, 'up', 2],
    [3, 'right', 4],
    [2, 'down', 4]
  ]
  it.each(cases)('in a 2x2 grid, from %s going %s is %s', (from, direction, expected) => {
    expect(neighbor(grid2x2(), P(from), direction)).toBe(expected === null ? null : P(expected))
  })

  // ┌────┬──────┬───┐
  // │    │  2   │   │   row(1 30, column(2 30, row(3 50, 4 50) 70) 50, column(5 60, 6 40) 20)
  // │ 1  ├──┬───┤ 5 │
  // │    │3 │ 4 ├───┤
  // │    │  │   │ 6 │
  // └────┴──┴───┴───┘
  const deep = (): Layout =>
    layoutOf(
      split(
        'r',
        'row',
        [
          pane(1),
          split('c', 'column', [pane(2), split('r2', 'row', [pane(3), pane(4)])], [30, 70]),
          split('c2', 'column', [pane(5), pane(6)], [60, 40])
        ],
        [30, 50, 20]
      )
    )

  it('picks the touching pane with the largest overlap', () => {
    expect(neighbor(deep(), P(1), 'right')).toBe(P(3)) // 3 faces 70% of pane 1's side, 2 only 30%
    expect(neighbor(deep(), P(4), 'right')).toBe(P(6)) // 4 spans 0.3..1: 6 faces 0.4, 5 faces 0.3
    expect(neighbor(deep(), P(2), 'right')).toBe(P(5))
    // 5 spans 0..0.6: 2 and 4 both face 0.3 of it; 2's centre (0.15) is nearer 5's (0.3) than 4's (0.65).
    expect(neighbor(deep(), P(5), 'left')).toBe(P(2))
    expect(neighbor(deep(), P(6), 'left')).toBe(P(4))
    expect(neighbor(deep(), P(2), 'down')).toBe(P(3)) // 3 and 4 face equal halves; reading order decides
    expect(neighbor(deep(), P(3), 'up')).toBe(P(2))
    expect(neighbor(deep(), P(3), 'left')).toBe(P(1))
    expect(neighbor(deep(), P(6), 'down')).toBeNull()
  })

  it('is stable: going right then left from a pane comes back when the overlap is unique', () => {
    const there = neighbor(deep(), P(6), 'left')
    expect(there && neighbor(deep(), there, 'right')).toBe(P(6))
  })

  it('rejects an unknown pane', () => {
    expectLayoutError(() => neighbor(grid2x2(), P(42), 'left'), 'not_found', /Unknown pane/)
  })
})

describe('normalizeLayout and validateLayout', () => {
  it('drops empty splits, collapses single children, fixes sizes, flattens nesting', () => {
    const messy = {
      root: {
        type: 'split' as const,
        id: 'a',
        direction: 'row' as const,
        children: [
          { type: 'split' as const, id: 'empty', direction: 'column' as const, children: [], sizes: [] },
          { type: 'split' as const, id: 'single', direction: 'column' as const, children: [pane(1)], sizes: [100] },
          { type: 'split' as const, id: 'a', direction: 'row' as const, children: [pane(2), pane(3)], sizes: [1, 3] }
        ],
        sizes: [10, 10, 30]
      },
      zoomed: P(9)
    }
    const fixed = normalizeLayout(messy)
    expect(shape(fixed.root)).toBe('row(1 25, 2 18.75, 3 56.25)')
    expect(fixed.zoomed).toBeNull()
    expect(validateLayout(fixed)).toEqual([])
  })

  it('replaces sizes that do not match the children with equal shares', () => {
    const fixed = normalizeLayout({ root: { type: 'split', direction: 'column', children: [pane(1), pane(2)], sizes: [100] } })
    expect(shape(fixed.root)).toBe('column(1 50, 2 50)')
    expect(fixed.root?.type === 'split' && fixed.root.id.length > 0).toBe(true)
  })

  it('rejects duplicate pane ids', () => {
    expectLayoutError(() => normalizeLayout(layoutOf(split('r', 'row', [pane(1), pane(1)]))), 'invalid', /Duplicate pane id/)
  })

  it('reports broken invariants', () => {
    const broken = layoutOf(split('r', 'row', [pane(1), pane(1)], [10, 10]), P(5))
    expect(validateLayout(broken)).toEqual([
      'split r sizes sum to 20, not 100',
      `duplicate pane id ${P(1)}`,
      `zoomed pane ${P(5)} is not in the layout`
    ])
  })
})

describe('serialise and deserialise', () => {
  it('round-trips', () => {
    const layout = setZoom(grid2x2(), P(4))
    const result = deserialiseLayout(serialiseLayout(layout))
    expect(result).toEqual({ ok: true, layout })
    expect(result.ok && layoutsEqual(result.layout, layout)).toBe(true)
  })

  it('round-trips the empty layout', () => {
    expect(deserialiseLayout(serialiseLayout(emptyLayout()))).toEqual({ ok: true, layout: emptyLayout() })
  })

  it('repairs what it can', () => {
    const text = JSON.stringify({ root: { type: 'split', direction: 'row', children: [pane(1)] } })
    expect(deserialiseLayout(text)).toEqual({ ok: true, layout: { root: pane(1), zoomed: null } })
  })

  it.each([
    ['not JSON', '{root:', /not valid JSON/],
    ['a bad pane id', JSON.stringify({ root: { type: 'pane', paneId: 'x' }, zoomed: null }), /root\.paneId/],
    ['an unknown node type', JSON.stringify({ root: { type: 'tab' }, zoomed: null }), /Invalid layout: root/],
    ['a bad direction', JSON.stringify({ root: { type: 'split', direction: 'diagonal', children: [] } }), /root\.direction/],
    ['no root', JSON.stringify({ zoomed: null }), /Invalid layout: root/],
    ['duplicate panes', JSON.stringify(layoutOf(split('r', 'row', [pane(1), pane(1)]))), /Duplicate pane id/]
  ])('refuses %s with a clear error', (_label, text, message) => {
    const result = deserialiseLayout(text)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toMatch(message)
  })

  it('parses an already decoded value', () => {
    expect(parseLayout(grid2x2())).toEqual({ ok: true, layout: grid2x2() })
    expect(parseLayout(42).ok).toBe(false)
  })

  it('refuses to serialise a layout the schema rejects', () => {
    expectLayoutError(() => serialiseLayout(layoutOf({ type: 'pane', paneId: 'nope' })), 'invalid', /Cannot serialise/)
  })
})

describe('properties', () => {
  const ids = Array.from({ length: 12 }, (_, i) => P(i + 1))
  const edges: Edge[] = ['left', 'right', 'top', 'bottom']
  type Step =
    | { op: 'insert'; pane: number; target: number; edge: number; beside: boolean }
    | { op: 'remove'; pane: number }
    | { op: 'move'; pane: number; target: number; edge: number }
    | { op: 'swap'; pane: number; target: number }
    | { op: 'resize'; split: number; sizes: number[] }
    | { op: 'zoom'; pane: number }
    | { op: 'equalize' }
  const index = fc.nat({ max: 100 })
  const share = fc.double({ min: 0.01, max: 1000, noNaN: true })
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      arbitrary: fc.record({ op: fc.constant('insert' as const), pane: index, target: index, edge: index, beside: fc.boolean() }),
      weight: 4
    },
    { arbitrary: fc.record({ op: fc.constant('remove' as const), pane: index }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('move' as const), pane: index, target: index, edge: index }), weight: 2 },
    fc.record({ op: fc.constant('swap' as const), pane: index, target: index }),
    fc.record({ op: fc.constant('resize' as const), split: index, sizes: fc.array(share, { minLength: 2, maxLength: 6 }) }),
    fc.record({ op: fc.constant('zoom' as const), pane: index }),
    fc.constant({ op: 'equalize' as const })
  )

  const pick = <T>(list: readonly T[], i: number): T | undefined => list[i % Math.max(list.length, 1)]

  function splitsOf(node: LayoutNode | null): Extract<LayoutNode, { type: 'split' }>[] {
    if (!node || node.type === 'pane') return []
    return [node, ...node.children.flatMap(splitsOf)]
  }

  /** Applies one step to the layout and the model (the set of panes that should be there). */
  function apply(layout: Layout, model: Set<string>, s: Step): Layout {
    const present = paneIds(layout)
    switch (s.op) {
      case 'insert': {
        const id = pick(ids.filter((candidate) => !model.has(candidate)), s.pane)
        const target = pick(present, s.target)
        if (!id) return layout
        model.add(id)
        const edge = pick(edges, s.edge) ?? 'right'
        return insertPane(layout, id, s.beside && target ? { paneId: target, edge } : undefined)
      }
      case 'remove': {
        const id = pick(present, s.pane)
        if (!id) return layout
        model.delete(id)
        return removePane(layout, id)
      }
      case 'move': {
        const id = pick(present, s.pane)
        const target = pick(present, s.target)
        if (!id || !target || id === target) return layout
        return movePane(layout, id, target, pick(edges, s.edge) ?? 'left')
      }
      case 'swap': {
        const a = pick(present, s.pane)
        const b = pick(present, s.target)
        return a && b ? swapPanes(layout, a, b) : layout
      }
      case 'resize': {
        const target = pick(splitsOf(layout.root), s.split)
        if (!target) return layout
        const sizes = target.children.map((_, i) => s.sizes[i % s.sizes.length] ?? 1)
        return resizeSplit(layout, target.id, sizes)
      }
      case 'zoom':
        return setZoom(layout, pick([...present, null], s.pane) ?? null)
      case 'equalize':
        return equalize(layout)
    }
  }

  function checkInvariants(layout: Layout, model: Set<string>): void {
    expect(validateLayout(layout)).toEqual([])
    const panes = paneIds(layout)
    expect(new Set(panes).size).toBe(panes.length)
    expect(new Set(panes)).toEqual(model)
    for (const s of splitsOf(layout.root)) {
      expect(s.children.length).toBeGreaterThanOrEqual(2)
      expect(Math.abs(s.sizes.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(1e-6)
      expect(Math.min(...s.sizes)).toBeGreaterThanOrEqual(Math.min(MIN_SHARE, 100 / s.children.length) - 1e-6)
      // Canonical form: no split directly inside a split of the same direction.
      for (const child of s.children) expect(child.type === 'split' && child.direction === s.direction).toBe(false)
    }
    expect(Layout.safeParse(layout).success).toBe(true)
    // Rectangles tile the unit square.
    const area = paneRects(layout).reduce((total, r) => total + r.width * r.height, 0)
    expect(area).toBeCloseTo(layout.root ? 1 : 0, 9)
  }

  it('random operation sequences keep the tree valid and never mutate their input', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let layout = deepFreeze(emptyLayout())
        const model = new Set<string>()
        for (const s of steps) {
          layout = deepFreeze(apply(layout, model, s))
          checkInvariants(layout, model)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('serialise then deserialise gives back the same layout', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const model = new Set<string>()
        const layout = steps.reduce<Layout>((current, s) => apply(current, model, s), emptyLayout())
        const back = deserialiseLayout(serialiseLayout(layout))
        expect(back.ok && layoutsEqual(back.layout, layout)).toBe(true)
        expect(normalizeLayout(layout)).toEqual(layout)
      }),
      { numRuns: 150 }
    )
  })

  it('every pane with a neighbour on a side is reachable, and neighbours face each other', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const model = new Set<string>()
        const layout = steps.reduce<Layout>((current, s) => apply(current, model, s), emptyLayout())
        const rects = new Map(paneRects(layout).map((r) => [r.paneId, r]))
        for (const id of paneIds(layout)) {
          const from = rects.get(id)
          const right = neighbor(layout, id, 'right')
          if (!from) continue
          const atBorder = from.x + from.width > 1 - 1e-9
          expect(right === null).toBe(atBorder)
          const to = right ? rects.get(right) : undefined
          if (to) expect(Math.abs(to.x - (from.x + from.width))).toBeLessThan(1e-9)
        }
      }),
      { numRuns: 150 }
    )
  })
})

describe('drop targets for a dragged pane', () => {
  it('maps the outer quarter of each side to that edge and the middle to a swap', async () => {
    const { dropTargetAt } = await import('../../src/renderer/src/grid/drop-target')
    expect(dropTargetAt(10, 100, 400, 200)).toBe('left')
    expect(dropTargetAt(390, 100, 400, 200)).toBe('right')
    expect(dropTargetAt(200, 20, 400, 200)).toBe('top')
    expect(dropTargetAt(200, 190, 400, 200)).toBe('bottom')
    expect(dropTargetAt(200, 100, 400, 200)).toBe('swap')
    // Near a corner the closer side wins.
    expect(dropTargetAt(30, 10, 400, 200)).toBe('top')
  })
})
