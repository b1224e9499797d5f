/** How an agent that crashed is brought back: a growing wait before each try, and a cap on tries in a window. */
export interface RestartPolicy {
  /** The wait before the 1st, 2nd, 3rd… try; the last one repeats should the cap allow more tries. */
  delaysMs: readonly number[]
  /** At most this many tries within `windowMs`; a crash past it stays Crashed. */
  maxTries: number
  windowMs: number
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { delaysMs: [1_000, 5_000, 20_000], maxTries: 3, windowMs: 120_000 }

export type RestartDecision = { restart: true; delayMs: number; attempt: number } | { restart: false; reason: string }

/**
 * What to do about a crash at `now`, given when the earlier tries were made. Tries older
 * than the window are forgotten, so an agent that ran well for a while starts again at 1 s.
 */
export function decideRestart(triedAt: readonly number[], now: number, policy: RestartPolicy): RestartDecision {
  const recent = recentTries(triedAt, now, policy)
  if (recent.length >= policy.maxTries) {
    return { restart: false, reason: `it crashed again after ${policy.maxTries} restarts within ${formatWindow(policy.windowMs)}` }
  }
  const delayMs = policy.delaysMs[Math.min(recent.length, policy.delaysMs.length - 1)] ?? 0
  return { restart: true, delayMs, attempt: recent.length + 1 }
}

/** The tries still inside the window at `now`: the only ones that count against the cap. */
export function recentTries(triedAt: readonly number[], now: number, policy: RestartPolicy): number[] {
  return triedAt.filter((at) => now - at < policy.windowMs)
}

function formatWindow(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.round(ms / 1000)} s`
}
