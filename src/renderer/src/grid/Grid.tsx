import type { LayoutNode } from '../../../shared/layout'
import { hasPane } from '../../../shared/layout-tree'
import { PlusIcon, TerminalIcon } from '../components/Icons'
import { useAppState, useWorkbench } from '../state/context'
import { PaneView } from './PaneView'
import { SplitView } from './SplitView'

/**
 * The split tree main broadcast, drawn as nested resizable groups. Zoomed, only the
 * zoomed pane is drawn and fills the grid; the others' terminals are parked off-DOM
 * by their controllers and come back intact on unzoom.
 */
export function Grid(): React.JSX.Element {
  const layout = useAppState((s) => s.layout)
  if (!layout.root) return <EmptyGrid />
  const zoomed = layout.zoomed && hasPane(layout, layout.zoomed) ? layout.zoomed : null
  return (
    <main className="grid" aria-label="Panes" data-zoomed={zoomed ? '' : undefined}>
      {zoomed ? <PaneView paneId={zoomed} /> : <NodeView node={layout.root} />}
    </main>
  )
}

export function NodeView({ node }: { node: LayoutNode }): React.JSX.Element {
  if (node.type === 'pane') return <PaneView paneId={node.paneId} />
  // A split whose set of children changed is a new group to the panels library (it keeps
  // per-panel state by id); remounting it is cheap because terminals live outside React.
  const key = `${node.id}:${node.children.map((child) => (child.type === 'pane' ? child.paneId : child.id)).join(',')}`
  return <SplitView key={key} split={node} />
}

function EmptyGrid(): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <main className="grid grid-empty" aria-label="Panes">
      <div className="empty-card">
        <TerminalIcon />
        <p>No panes open.</p>
        <div className="empty-actions">
          <button type="button" className="button primary" onClick={() => void workbench.newPane('shell')}>
            <PlusIcon /> New shell
          </button>
          <button type="button" className="button" onClick={() => workbench.openPicker()}>
            Choose agent…
          </button>
        </div>
      </div>
    </main>
  )
}
