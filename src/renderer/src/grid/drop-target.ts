import type { Edge } from '../../../shared/layout'

/** Where a dragged pane lands on another: beside one of its edges, or in its place (swap). */
export type DropTarget = Edge | 'swap'

/** The MIME type that marks a drag as one of our panes (never text a terminal could take). */
export const PANE_DRAG_TYPE = 'application/x-tessera-pane'

/** The edge band: the outer quarter of the pane on each side; the middle swaps. */
const EDGE_SHARE = 0.25

/** Which drop the pointer at (x, y) inside a `width`×`height` pane means. */
export function dropTargetAt(x: number, y: number, width: number, height: number): DropTarget {
  const distances: Array<[Edge, number]> = [
    ['left', x / width],
    ['right', 1 - x / width],
    ['top', y / height],
    ['bottom', 1 - y / height]
  ]
  const [edge, share] = distances.reduce((best, next) => (next[1] < best[1] ? next : best))
  return share < EDGE_SHARE ? edge : 'swap'
}
