import type { BudgetState } from '../../../shared/costs'
import type { AgentState } from '../../../shared/status'
import { formatDollars, formatLimit } from '../costs/cost-format'

/** Which desktop notifications the user wants; remembered per device. */
export interface NotifySettings {
  /** An agent starts waiting for permission (or input). */
  waiting: boolean
  /** An agent finishes its turn, fails or crashes. */
  finished: boolean
  /** Nothing at all while on. */
  doNotDisturb: boolean
}

export const DEFAULT_NOTIFY: NotifySettings = { waiting: true, finished: true, doNotDisturb: false }

export interface NotifyInput {
  previous: AgentState | undefined
  next: AgentState
  /** The pane has the keyboard in a window that has focus: the user is looking at it. */
  watched: boolean
  paneTitle: string
  reason?: string
  /** An agent (hooks) rather than a shell or an agent known only by its output. */
  agent: boolean
  /** How long the pane was in `previous`. */
  previousForMs: number
  settings: NotifySettings
}

/** A shell or output-only pane "finishes" every time it goes quiet: only a long run is news. */
export const LONG_RUN_MS = 10_000

export interface NotificationText {
  title: string
  body: string
}

/**
 * Whether a state change deserves a desktop notification, and what it says:
 * only for a pane the user is not looking at, only for the events they chose.
 */
export function notificationFor(input: NotifyInput): NotificationText | undefined {
  const { previous, next, watched, paneTitle, reason, settings } = input
  if (watched || settings.doNotDisturb || previous === next) return undefined
  if (next === 'waiting' && settings.waiting) return { title: `${paneTitle} needs you`, body: reason ? `Waiting: ${reason}` : 'Waiting for your answer' }
  const newsworthy = input.agent || input.previousForMs >= LONG_RUN_MS
  if (next === 'idle' && previous === 'working' && settings.finished && newsworthy) {
    return { title: `${paneTitle} finished`, body: input.agent ? 'The agent finished its turn' : 'The command finished' }
  }
  if (next === 'error' && settings.finished) return { title: `${paneTitle} stopped with an error`, body: reason ?? 'The turn failed' }
  if (next === 'crashed' && settings.finished) return { title: `${paneTitle} crashed`, body: reason ?? 'Its process ended unexpectedly' }
  return undefined
}

export interface BudgetNotifyInput {
  scope: 'pane' | 'daily'
  state: BudgetState
  limit: number
  spent: number
  /** A pane's budget: the pane's title. */
  paneTitle?: string
  /** The pane has the keyboard in a window that has focus: its header already says so. */
  watched: boolean
  settings: NotifySettings
}

/**
 * A budget crossed: news only at 100 % (80 % is the header's badge), on the channel of
 * a pane that needs the user. Nothing was stopped, and the notification says so.
 */
export function budgetNotificationFor(input: BudgetNotifyInput): NotificationText | undefined {
  const { scope, state, limit, spent, watched, settings } = input
  if (state !== 'exceeded' || watched || settings.doNotDisturb || !settings.waiting) return undefined
  const body = `${formatDollars(spent)} spent. Nothing was stopped.`
  if (scope === 'daily') return { title: `Today's spending is over the ${formatLimit(limit)} daily budget`, body }
  return { title: `${input.paneTitle ?? 'A pane'} is over its ${formatLimit(limit)} budget`, body }
}
