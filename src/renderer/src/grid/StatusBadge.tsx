import { STATE_LABELS, type PaneStatus, type StatusMethod } from '../../../shared/status'
import { formatDuration, useNow } from '../state/clock'
import { useHostConnected } from '../state/connection'
import { statusText, visibleReason } from './agent-text'

const METHODS: Record<StatusMethod, string> = {
  hooks: "from Claude Code's hooks and status file",
  process: 'from the shell: busy while a command runs',
  activity: 'from output: busy while the agent prints'
}

const DISCONNECTED = 'Disconnected'
const DISCONNECTED_DETAIL = 'The connection to the Tessera host is lost: this state is no longer current'

/**
 * The pane's state, how long it has lasted, and how Tessera knows it. A narrow header
 * asks for the dot alone, its text in the tooltip.
 */
export function StatusBadge({ status, dot = false }: { status: PaneStatus; dot?: boolean }): React.JSX.Element {
  if (!useHostConnected()) return <DisconnectedBadge dot={dot} />
  return <LiveBadge status={status} dot={dot} />
}

function LiveBadge({ status, dot }: { status: PaneStatus; dot: boolean }): React.JSX.Element {
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
      data-reason={reason && !dot ? '' : undefined}
      data-dot={dot ? '' : undefined}
      role="status"
      aria-label={`${text}, for ${duration}`}
      title={`${text}\nfor ${duration}\nStatus ${METHODS[status.method]}`}
    >
      <span className="status-dot" aria-hidden="true" />
      {!dot && (
        <>
          <span>{STATE_LABELS[status.state]}</span>
          {/* The dash's leading space is dropped on screen (the badge's gap spaces it) but kept in the text. */}
          {reason && <span className="status-reason">{` — ${reason}`}</span>}
          <span className="status-time">{duration}</span>
        </>
      )}
    </span>
  )
}

/** No clock: a duration that keeps ticking would claim the state is still known. */
function DisconnectedBadge({ dot }: { dot: boolean }): React.JSX.Element {
  return (
    <span className="status-badge" data-state="disconnected" data-dot={dot ? '' : undefined} role="status" aria-label={DISCONNECTED} title={DISCONNECTED_DETAIL}>
      <span className="status-dot" aria-hidden="true" />
      {!dot && <span>{DISCONNECTED}</span>}
    </span>
  )
}
