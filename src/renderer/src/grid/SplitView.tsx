import { Fragment, useEffect } from 'react'
import {
  Group,
  Panel,
  Separator,
  useGroupRef,
  type GroupImperativeHandle,
  type Layout as PanelLayout,
  type LayoutChangedMeta
} from 'react-resizable-panels'
import type { LayoutNode } from '../../../shared/layout'
import type { SplitNode } from '../../../shared/layout-tree'
import { useWorkbench } from '../state/context'
import { NodeView } from './Grid'

/** Smallest pane, in pixels along the split, so a divider cannot squeeze a terminal to nothing. */
const MIN_PANE_PX = { row: 160, column: 90 } as const
/** Sizes closer than this (percent) count as equal: no point re-applying them. */
const SIZE_TOLERANCE = 0.2

const childId = (node: LayoutNode): string => (node.type === 'pane' ? node.paneId : node.id)

function sizesById(split: SplitNode): PanelLayout {
  return Object.fromEntries(split.children.map((child, i) => [childId(child), split.sizes[i] ?? 100 / split.children.length]))
}

/** Main's sizes win: apply them whenever they differ from what the group shows (equalize, another window). */
function applySizes(group: GroupImperativeHandle | null, wanted: PanelLayout): void {
  if (!group) return
  const current = group.getLayout()
  // Only a group whose panels are exactly these can take them (it may still be registering).
  const ids = Object.keys(wanted)
  if (Object.keys(current).length !== ids.length || !ids.every((id) => id in current)) return
  const differs = Object.entries(wanted).some(([id, size]) => Math.abs((current[id] ?? -1) - size) > SIZE_TOLERANCE)
  if (differs) group.setLayout(wanted)
}

export function SplitView({ split }: { split: SplitNode }): React.JSX.Element {
  const workbench = useWorkbench()
  const groupRef = useGroupRef()
  const wanted = sizesById(split)

  useEffect(() => applySizes(groupRef.current, sizesById(split)), [groupRef, split])

  // Reported once the pointer is released (or per key press), not on every move.
  const onLayoutChanged = (layout: PanelLayout, meta: LayoutChangedMeta): void => {
    if (!meta.isUserInteraction) return
    const sizes = split.children.map((child) => layout[childId(child)] ?? 0)
    if (sizes.every((size) => size > 0)) workbench.resizeSplit(split.id, sizes)
  }

  return (
    <Group
      id={split.id}
      className="split"
      data-direction={split.direction}
      orientation={split.direction === 'row' ? 'horizontal' : 'vertical'}
      groupRef={groupRef}
      defaultLayout={wanted}
      onLayoutChanged={onLayoutChanged}
    >
      {split.children.map((child, i) => {
        const id = childId(child)
        return (
          <Fragment key={id}>
            {i > 0 && (
              <Separator
                className="divider"
                aria-label="Resize panes"
                title="Drag to resize, double-click to even out"
                // Main owns sizes: a double click asks it to equalize instead of the library's reset.
                disableDoubleClick
                onDoubleClick={() => workbench.equalize()}
              />
            )}
            <Panel
              id={id}
              className="panel"
              defaultSize={`${wanted[id] ?? 50}%`}
              minSize={MIN_PANE_PX[split.direction]}
              style={{ overflow: 'clip' }}
            >
              <NodeView node={child} />
            </Panel>
          </Fragment>
        )
      })}
    </Group>
  )
}
