import { z } from 'zod'

// The tiled grid as a split tree. Main owns it (renderers ask, main decides and
// broadcasts); the pure operations live in layout-tree.ts so both sides share them.

export const SplitDirection = z.enum(['row', 'column']) // row: side by side; column: stacked

export type LayoutNode =
  | { type: 'pane'; paneId: string }
  | { type: 'split'; id: string; direction: 'row' | 'column'; children: LayoutNode[]; sizes: number[] }

export const LayoutNode: z.ZodType<LayoutNode> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('pane'), paneId: z.string().uuid() }),
    z.object({
      type: z.literal('split'),
      id: z.string().min(1),
      direction: SplitDirection,
      children: z.array(LayoutNode).min(2),
      // Percentages of the split's extent, one per child, summing to 100.
      sizes: z.array(z.number().positive())
    })
  ])
)

export const Layout = z.object({ root: LayoutNode.nullable(), zoomed: z.string().uuid().nullable() })
export type Layout = z.output<typeof Layout>

/** Where a moved or new pane goes relative to a target pane. */
export const Edge = z.enum(['left', 'right', 'top', 'bottom'])
export type Edge = z.output<typeof Edge>
