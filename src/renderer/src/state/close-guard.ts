import type { PaneInfo, TesseraClient } from '../../../shared/bridge'

// Closing a pane ends its process. One in the middle of something (an agent's turn or a
// question to the user, a shell's foreground job) is asked about first; an idle or
// finished one is not. A shell's output alone (a prompt redrawn) is not a job.

/** What an agent pane is in the middle of, from its status; undefined when closing it interrupts nothing. */
export function agentInterrupts(pane: PaneInfo): string | undefined {
  if (pane.exit || pane.error) return undefined
  const state = pane.status?.state
  if (state === 'waiting') return 'is waiting for you'
  return state === 'working' ? 'is working' : undefined
}

/** What closing this pane would interrupt: an agent's work, or the job a shell runs (asked of the host). */
export async function closeInterrupts(client: TesseraClient, pane: PaneInfo | undefined): Promise<string | undefined> {
  if (!pane) return undefined
  if (pane.kind !== 'shell') return agentInterrupts(pane)
  if (pane.exit || pane.error) return undefined
  // A pane that cannot be asked about is closed without asking: the close reports what is wrong.
  const { job } = await client.call('pane.foregroundJob', { paneId: pane.id }).catch(() => ({ job: null }))
  return job ? `is running ${job}` : undefined
}

/** How long a close may take before the pane shows it is closing. */
export const CLOSING_SHOWN_AFTER_MS = 300
