import { isRunning, processTree, signalAll, type ProcessEntry } from './process-tree'

const POLL_MS = 20
/** After SIGKILL, how long to wait for the kernel before giving up (a process stuck in D state). */
const KILL_WAIT_MS = 3000

/** Polls `done` until it holds (true) or `timeoutMs` passes (false); never leaves a timer behind. */
export function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (done()) return resolve(true)
    const started = Date.now()
    const timer = setInterval(() => {
      const ok = done()
      if (!ok && Date.now() - started < timeoutMs) return
      clearInterval(timer)
      resolve(ok)
    }, POLL_MS)
  })
}

function merge(a: readonly ProcessEntry[], b: readonly ProcessEntry[]): ProcessEntry[] {
  const byPid = new Map(a.map((entry) => [entry.pid, entry]))
  for (const entry of b) if (!byPid.has(entry.pid)) byPid.set(entry.pid, entry)
  return [...byPid.values()]
}

export interface EndTreeRequest {
  root: number
  /** The root's start time when it was spawned, so a reused pid is never signalled. */
  rootStart?: string
  /** True once node-pty reported the root's exit (its output is then complete). */
  rootExited: () => boolean
  graceMs: number
}

/**
 * Ends a pane's whole process tree: SIGHUP (and SIGCONT, so stopped jobs see it) to
 * every member, then SIGKILL to whatever still runs after the grace period. Resolves
 * true when everything is gone, false when something survived even SIGKILL.
 */
export async function endProcessTree(request: EndTreeRequest): Promise<boolean> {
  const tree = processTree(request.root, request.rootStart)
  signalAll(tree, 'SIGHUP')
  signalAll(tree, 'SIGCONT')
  const allGone = (entries: readonly ProcessEntry[]) => (): boolean =>
    request.rootExited() && entries.every((entry) => !isRunning(entry))
  if (await waitUntil(allGone(tree), request.graceMs)) return true
  // Children forked during the grace period count too.
  const survivors = merge(tree, processTree(request.root, request.rootStart))
  signalAll(survivors, 'SIGKILL')
  return waitUntil(allGone(survivors), KILL_WAIT_MS)
}
