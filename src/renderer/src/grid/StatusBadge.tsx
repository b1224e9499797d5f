import { STATE_LABELS, type PaneStatus, type StatusMethod } from '../../../shared/status'
import { formatDuration, useNow } from '../state/clock'

const METHODS: Record<StatusMethod, string> = {
  hooks: "from Claude Code's hooks and status file",
  process: 'from the shell: busy while a command runs',
  activity: 'from output: busy while the agent prints'
}

/** The pane's state, how long it has lasted, and how Tessera knows it. */
export function StatusBadge({ status }: { status: PaneStatus }): React.JSX.Element {
  const now = useNow()
  const label = STATE_LABELS[status.state]
  const duration = formatDuration(now - status.since)
  const reason = status.reason ? ` — ${status.reason}` : ''
  return (
    <span
      className="status-badge"
      data-state={status.state}
      role="status"
      aria-label={`${label}${reason}, for ${duration}`}
      title={`${label}${reason}\nfor ${duration}\nStatus ${METHODS[status.method]}`}
    >
      <span className="status-dot" aria-hidden="true" />
      {label}
      {status.state === 'error' && status.reason && <span className="status-reason">{status.reason}</span>}
      <span className="status-time">{duration}</span>
    </span>
  )
}
