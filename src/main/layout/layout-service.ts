import type { Edge, Layout } from '../../shared/layout'
import {
  LayoutError,
  emptyLayout,
  equalize,
  hasPane,
  insertPane,
  layoutsEqual,
  movePane,
  normalizeLayout,
  removePane,
  resizeSplit,
  setZoom,
  swapPanes,
  type Beside
} from '../../shared/layout-tree'
import { HostError } from '../bridge'

/**
 * Owns the one true grid layout. Renderers ask for changes through the bridge;
 * this applies the pure tree operations, tells `onChange` only about real
 * changes (so clients are not flooded with identical broadcasts), and turns
 * tree errors into typed bridge errors.
 */
export class LayoutService {
  private layout: Layout = emptyLayout()

  constructor(private readonly onChange: (layout: Layout) => void) {}

  /** The current layout. Treat it as immutable: every change replaces it. */
  get(): Layout {
    return this.layout
  }

  /** Throws not_found unless the pane is in the layout (checked before work that would be wasted). */
  assertPane(paneId: string): void {
    if (!hasPane(this.layout, paneId)) throw new HostError('not_found', `Unknown pane ${paneId}: it is not in the layout`)
  }

  addPane(paneId: string, beside?: Beside): void {
    this.apply((layout) => insertPane(layout, paneId, beside))
  }

  /** Does nothing for a pane that is not in the layout, so closing twice is harmless. */
  removePane(paneId: string): void {
    if (hasPane(this.layout, paneId)) this.apply((layout) => removePane(layout, paneId))
  }

  resize(splitId: string, sizes: readonly number[]): void {
    this.apply((layout) => resizeSplit(layout, splitId, sizes))
  }

  equalize(): void {
    this.apply(equalize)
  }

  zoom(paneId: string | null): void {
    this.apply((layout) => setZoom(layout, paneId))
  }

  move(paneId: string, targetPaneId: string, edge: Edge): void {
    this.apply((layout) => movePane(layout, paneId, targetPaneId, edge))
  }

  swap(paneId: string, otherPaneId: string): void {
    this.apply((layout) => swapPanes(layout, paneId, otherPaneId))
  }

  /** Installs a whole layout (a restored one), repaired to keep every invariant. */
  replace(layout: Layout): void {
    this.apply(() => normalizeLayout(layout))
  }

  private apply(operation: (layout: Layout) => Layout): void {
    const next = run(() => operation(this.layout))
    if (next === this.layout || layoutsEqual(next, this.layout)) return
    this.layout = next
    this.onChange(next)
  }
}

function run<T>(operation: () => T): T {
  try {
    return operation()
  } catch (err) {
    if (err instanceof LayoutError) throw new HostError(err.kind === 'not_found' ? 'not_found' : 'invalid_input', err.message)
    throw err
  }
}
