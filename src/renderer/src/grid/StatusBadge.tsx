import { STATE_LABELS, type PaneStatus, type StatusMethod } from '../../../shared/status'
import { formatDuration, useNow } from '../state/clock'
import { statusText, visibleReason } from './agent-text'

const METHODS: Record<StatusMethod, string> = {
  hooks: "from Claude Code's hooks and status file",
  process: 'from the shell: busy while a command runs',
  activity: 'from output: busy while the agent prints'
}

/** The pane's state, how long it has lasted, and how Tessera knows it. */
export function StatusBadge({ status }: { status: PaneStatus }): React.JSX.Element {
  const now = useNow()
  const text = statusText(status)
  const duration = formatDuration(now - status.since)
  // Why it waits or failed is what the user acts on, so it is in the text (cut short
  // with an ellipsis when long; the tooltip has it whole).
  const reason = visibleReason(status)
  return (
    <span
      className="status-badge"
      data-state={status.state}
      data-reason={reason ? '' : undefined}
      role="status"
      aria-label={`${text}, for ${duration}`}
      title={`${text}\nfor ${duration}\nStatus ${METHODS[status.method]}`}
    >
      <span className="status-dot" aria-hidden="true" />
      <span>{STATE_LABELS[status.state]}</span>
      {/* The dash's leading space is dropped on screen (the badge's gap spaces it) but kept in the text. */}
      {reason && <span className="status-reason">{` — ${reason}`}</span>}
      <span className="status-time">{duration}</span>
    </span>
  )
}
