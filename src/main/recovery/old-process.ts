import { endProcessTree, readProcess } from '../pty'

/** How long an old program gets after SIGHUP before SIGKILL. */
const OLD_PROCESS_GRACE_MS = 2000

interface SavedProcess {
  pid: number
  startTime?: string
}

/** The saved program still runs: same pid and, where /proc tells, the same start time (never a reused pid). */
function stillRuns(saved: SavedProcess): boolean {
  const now = readProcess(saved.pid)
  return now !== undefined && now.state !== 'Z' && (saved.startTime === undefined || now.startTime === saved.startTime)
}

/**
 * Ends a pane's program left from the host that stopped, if it still runs, so a resumed
 * agent never shares its transcript with the old one. Resolves false when something
 * survived SIGKILL.
 */
export async function endOldProcess(saved: SavedProcess | undefined): Promise<boolean> {
  if (!saved || !stillRuns(saved)) return true
  return endProcessTree({ root: saved.pid, rootStart: saved.startTime, rootExited: () => !stillRuns(saved), graceMs: OLD_PROCESS_GRACE_MS })
}
