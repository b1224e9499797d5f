import { describe, expect, it } from 'vitest'
import { HostError } from '../../src/main/bridge'
import { LayoutService } from '../../src/main/layout'
import type { Layout } from '../../src/shared/layout'
import { paneIds } from '../../src/shared/layout-tree'

const P = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const leaf = (n: number) => ({ type: 'pane' as const, paneId: P(n) })
const row = (sizes: number[], ...children: ReturnType<typeof leaf>[]) => ({
  type: 'split' as const,
  id: 's',
  direction: 'row' as const,
  children,
  sizes
})

function service(...panes: number[]): { layout: LayoutService; changes: Layout[] } {
  const changes: Layout[] = []
  const layout = new LayoutService((next) => changes.push(next))
  for (const n of panes) layout.addPane(P(n))
  changes.length = 0
  return { layout, changes }
}

function rootSplitId(layout: LayoutService): string {
  const root = layout.get().root
  if (root?.type !== 'split') throw new Error('expected a split at the root')
  return root.id
}

function expectHostError(fn: () => void, code: HostError['code'], message: RegExp): void {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(HostError)
    expect((err as HostError).code).toBe(code)
    expect((err as HostError).message).toMatch(message)
    return
  }
  throw new Error('expected a HostError')
}

describe('LayoutService', () => {
  it('starts empty', () => {
    expect(service().layout.get()).toEqual({ root: null, zoomed: null })
  })

  it('reports each change once, with the new layout', () => {
    const { layout, changes } = service()
    layout.addPane(P(1))
    layout.addPane(P(2))
    layout.addPane(P(3), { paneId: P(1), edge: 'bottom' })
    expect(changes).toHaveLength(3)
    expect(changes[2]).toBe(layout.get())
    expect(paneIds(layout.get())).toEqual([P(1), P(3), P(2)])
  })

  it('reports every kind of real change', () => {
    const { layout, changes } = service(1, 2, 3)
    layout.resize(rootSplitId(layout), [20, 40, 40])
    layout.equalize()
    layout.zoom(P(2))
    layout.zoom(null)
    layout.move(P(3), P(1), 'top')
    layout.swap(P(1), P(2))
    layout.removePane(P(1))
    expect(changes).toHaveLength(7)
  })

  it('stays silent on no-ops', () => {
    const { layout, changes } = service(1, 2)
    const before = layout.get()
    layout.removePane(P(9)) // absent: closing twice is harmless
    layout.equalize() // already equal
    layout.resize(rootSplitId(layout), [1, 1]) // same shares
    layout.zoom(null) // not zoomed
    layout.swap(P(1), P(1))
    layout.move(P(1), P(2), 'left') // already there
    layout.replace(before)
    expect(changes).toEqual([])
    expect(layout.get()).toBe(before)
  })

  it('zooming the zoomed pane again is a no-op', () => {
    const { layout, changes } = service(1, 2)
    layout.zoom(P(1))
    layout.zoom(P(1))
    expect(changes).toHaveLength(1)
  })

  it('replace installs a repaired layout and reports it', () => {
    const { layout, changes } = service(1)
    layout.replace({ root: row([1, 3], leaf(5), leaf(6)), zoomed: P(7) })
    expect(changes).toHaveLength(1)
    expect(layout.get()).toEqual({ root: row([25, 75], leaf(5), leaf(6)), zoomed: null })
  })

  it('assertPane throws not_found for a pane that is not there', () => {
    const { layout } = service(1)
    expect(() => layout.assertPane(P(1))).not.toThrow()
    expectHostError(() => layout.assertPane(P(2)), 'not_found', /Unknown pane/)
  })

  it('turns unknown panes and splits into not_found', () => {
    const { layout, changes } = service(1, 2)
    expectHostError(() => layout.addPane(P(3), { paneId: P(9), edge: 'left' }), 'not_found', /Unknown pane/)
    expectHostError(() => layout.zoom(P(9)), 'not_found', /Unknown pane/)
    expectHostError(() => layout.move(P(9), P(1), 'left'), 'not_found', /Unknown pane/)
    expectHostError(() => layout.swap(P(1), P(9)), 'not_found', /Unknown pane/)
    expectHostError(() => layout.resize('nope', [50, 50]), 'not_found', /Unknown split nope/)
    expect(changes).toEqual([])
  })

  it('turns bad requests into invalid_input', () => {
    const { layout, changes } = service(1, 2)
    expectHostError(() => layout.addPane(P(1)), 'invalid_input', /already in the layout/)
    expectHostError(() => layout.move(P(1), P(1), 'left'), 'invalid_input', /onto itself/)
    expectHostError(() => layout.resize(rootSplitId(layout), [10, 20, 70]), 'invalid_input', /2 children but got 3 sizes/)
    const duplicate = { root: row([50, 50], leaf(4), leaf(4)), zoomed: null }
    expectHostError(() => layout.replace(duplicate), 'invalid_input', /Duplicate pane id/)
    expect(changes).toEqual([])
  })

  it('lets other errors from the listener through untouched', () => {
    const layout = new LayoutService(() => {
      throw new Error('listener broke')
    })
    expect(() => layout.addPane(P(1))).toThrow('listener broke')
  })
})
