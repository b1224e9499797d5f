// How soon a lost host is tried again: quickly at first (a restart takes a moment),
// then every couple of seconds for as long as it takes.

export const FIRST_RETRY_MS = 250
export const MAX_RETRY_MS = 2_000

/** The wait before try `attempt` (0 = the first retry): 250 ms, doubling, at most 2 s. */
export function retryDelay(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt))
}
