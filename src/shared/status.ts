import { z } from 'zod'

// What an agent pane is doing, as its header badge, the overview and the
// attention list show it. Main decides; every client gets `pane.status`.

export const AgentState = z.enum(['starting', 'working', 'waiting', 'idle', 'error', 'exited', 'crashed'])
export type AgentState = z.output<typeof AgentState>

/** How the state is known: Claude's hooks (plus its status file), or the process and its output. */
export const StatusMethod = z.enum(['hooks', 'process', 'activity'])
export type StatusMethod = z.output<typeof StatusMethod>

export const PaneStatus = z.object({
  state: AgentState,
  /** When the pane entered this state (ms since the epoch, host clock). */
  since: z.number(),
  /** Why: the StopFailure error (rate_limit, overloaded…), the exit code, the tool awaiting permission. */
  reason: z.string().optional(),
  method: StatusMethod,
  /** Claude's current session id (it changes on /clear). */
  sessionId: z.string().optional()
})
export type PaneStatus = z.output<typeof PaneStatus>

/** Most urgent first: what the tray icon and the attention list follow. */
export const URGENCY: readonly AgentState[] = ['waiting', 'error', 'crashed', 'idle', 'working', 'starting', 'exited']

/** States where the agent needs the user. */
/** How many panes are in each state (states with none are absent). */
export function countStates(states: Iterable<AgentState>): Partial<Record<AgentState, number>> {
  const counts: Partial<Record<AgentState, number>> = {}
  for (const state of states) counts[state] = (counts[state] ?? 0) + 1
  return counts
}

export const needsAttention = (state: AgentState): boolean => state === 'waiting' || state === 'error' || state === 'crashed'

export const STATE_LABELS: Readonly<Record<AgentState, string>> = {
  starting: 'Starting',
  working: 'Working',
  waiting: 'Waiting for you',
  idle: 'Idle',
  error: 'Error',
  exited: 'Exited',
  crashed: 'Crashed'
}

/**
 * The next pane that needs the user after `current`, in grid order, wrapping
 * around; waiting beats error beats crashed. Undefined when none does.
 */
export function nextAttentionPane(order: readonly string[], statuses: Readonly<Record<string, PaneStatus | undefined>>, current: string | null): string | undefined {
  const start = current ? order.indexOf(current) + 1 : 0
  const rotated = [...order.slice(start), ...order.slice(0, start)]
  for (const state of URGENCY.filter(needsAttention)) {
    const found = rotated.find((paneId) => statuses[paneId]?.state === state && paneId !== current)
    if (found) return found
  }
  return undefined
}
