import { useEffect } from 'react'
import type { PaneInfo } from '../../../shared/bridge'
import { paneIds } from '../../../shared/layout-tree'
import { countStates, needsAttention, STATE_LABELS, URGENCY } from '../../../shared/status'
import { paneTitle } from '../grid/pane-title'
import { shortcutOf } from '../keymap'
import { formatDuration, useNow } from '../state/clock'
import { useAppState, useWorkbench } from '../state/context'
import { BellIcon } from './Icons'
import { Popover } from './Popover'

/** Agents per state, the panes that need the user, and notification choices. */
export function StatusOverview(): React.JSX.Element {
  const panes = useAppState((s) => s.panes)
  const layout = useAppState((s) => s.layout)
  const ordered = paneIds(layout).flatMap((id) => (panes[id] ? [panes[id]] : []))
  const counts = countStates(ordered.flatMap((pane) => (pane.status ? [pane.status.state] : [])))
  const attention = ordered.filter((pane) => pane.status && needsAttention(pane.status.state))
  useWindowTitle(attention.length)

  return (
    <span className="overview" role="group" aria-label="Agents by state">
      <span className="overview-chips">
        {URGENCY.filter((state) => counts[state]).map((state) => (
          <span key={state} className="overview-chip" data-state={state}>
            <span className="status-dot" aria-hidden="true" />
            {counts[state]} {STATE_LABELS[state].toLowerCase()}
          </span>
        ))}
      </span>
      <AttentionList panes={attention} />
      <NotifyMenu />
    </span>
  )
}

/** "(2) Tessera": the tab or window says how many agents wait, even when hidden. */
function useWindowTitle(waiting: number): void {
  useEffect(() => {
    document.title = waiting ? `(${waiting}) Tessera — ${waiting} need${waiting === 1 ? 's' : ''} you` : 'Tessera'
  }, [waiting])
}

function AttentionList({ panes }: { panes: readonly PaneInfo[] }): React.JSX.Element {
  const workbench = useWorkbench()
  const titles = useAppState((s) => s.titles)
  const agents = useAppState((s) => s.agents)
  const now = useNow()
  return (
    <Popover
      label={`Panes that need you: ${panes.length}`}
      className="attention"
      button={
        <span data-count={panes.length}>
          <span className="attention-label">Needs you · </span>
          {panes.length}
        </span>
      }
    >
      {(close) =>
        panes.length === 0 ? (
          <p className="popover-empty">No agent is waiting for you.</p>
        ) : (
          <ul className="attention-list">
            {panes.map((pane) => (
              <li key={pane.id}>
                <button
                  type="button"
                  className="attention-item"
                  data-state={pane.status?.state}
                  onClick={() => {
                    close()
                    workbench.moveTo(pane.id)
                  }}
                >
                  <span className="attention-title">{paneTitle(pane, titles[pane.id], agents)}</span>
                  <span className="attention-detail">
                    {pane.status ? STATE_LABELS[pane.status.state] : ''}
                    {pane.status?.reason ? ` — ${pane.status.reason}` : ''} · {formatDuration(now - (pane.status?.since ?? now))}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )
      }
    </Popover>
  )
}

function NotifyMenu(): React.JSX.Element {
  const workbench = useWorkbench()
  const notify = useAppState((s) => s.view.notify)
  const permission = workbench.notifier.permission
  const set = (change: Partial<typeof notify>): void => {
    workbench.setView({ notify: { ...notify, ...change } })
    // Turning something on is the user gesture the browser wants before it asks.
    const turnsOn = Object.entries(change).some(([key, on]) => (key === 'doNotDisturb' ? !on : on))
    if (turnsOn) void workbench.notifier.requestPermission()
  }
  const toggle = (key: keyof typeof notify, label: string): React.JSX.Element => (
    <label className="check">
      <input type="checkbox" checked={notify[key]} onChange={(event) => set({ [key]: event.target.checked })} />
      {label}
    </label>
  )
  return (
    <Popover label="Notifications" button={<BellIcon off={notify.doNotDisturb} />} className="notify">
      {() => (
        <div className="notify-menu">
          {toggle('waiting', 'When an agent waits for me')}
          {toggle('finished', 'When an agent finishes or fails')}
          {toggle('doNotDisturb', 'Do not disturb')}
          <p className="popover-empty">
            Only for panes you are not looking at. Next one that needs you: {shortcutOf('nextAttention')}.
            {permission === 'denied' && ' Notifications are blocked for this page in the browser settings.'}
            {permission === 'unsupported' && ' This browser has no notifications.'}
          </p>
        </div>
      )}
    </Popover>
  )
}
