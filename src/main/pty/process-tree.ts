import { existsSync, readdirSync, readFileSync } from 'node:fs'

/** One process as /proc/<pid>/stat describes it. */
export interface ProcessEntry {
  pid: number
  ppid: number
  session: number
  state: string
  /** The process group in the foreground of its terminal (tpgid). */
  foregroundGroup: number
  /** Clock ticks since boot; with the pid it names one process, even after pid reuse. */
  startTime: string
}

const PROC = '/proc'

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses. */
export function parseStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')')
  const pid = Number.parseInt(text, 10)
  const fields = text.slice(close + 2).split(' ')
  const [state, ppid, , session, , tpgid] = fields
  const startTime = fields[19]
  if (close < 0 || !state || !ppid || !session || !tpgid || !startTime || Number.isNaN(pid)) return undefined
  return { pid, ppid: Number(ppid), session: Number(session), state, foregroundGroup: Number(tpgid), startTime }
}

export function readProcess(pid: number): ProcessEntry | undefined {
  try {
    return parseStat(readFileSync(`${PROC}/${pid}/stat`, 'utf8'))
  } catch {
    return undefined
  }
}

function readTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = []
  for (const name of readdirSync(PROC)) {
    if (!/^\d+$/.test(name)) continue
    const entry = readProcess(Number(name))
    if (entry) entries.push(entry)
  }
  return entries
}

export const canListProcesses = (): boolean => process.platform === 'linux' && existsSync(`${PROC}/self/stat`)

/**
 * Every process that belongs to a pane whose PTY child was `root`: its descendants by
 * parent pid, plus every member of its session (node-pty makes the child a session
 * leader; jobs of an interactive shell live in other process groups of that session,
 * and orphans re-parented to init keep the session). Without /proc only `root` itself.
 * When `rootStart` is given and `root`'s pid now names another process, returns [].
 */
export function processTree(root: number, rootStart?: string): ProcessEntry[] {
  if (!canListProcesses()) return [{ pid: root, ppid: 0, session: root, state: '?', foregroundGroup: 0, startTime: '' }]
  const table = readTable()
  const rootEntry = table.find((entry) => entry.pid === root)
  if (rootEntry && rootStart !== undefined && rootEntry.startTime !== rootStart) return []
  const members = new Map(table.filter((e) => e.pid === root || e.session === root).map((e) => [e.pid, e]))
  for (let grew = true; grew; ) {
    grew = false
    for (const entry of table) {
      if (members.has(entry.pid) || !members.has(entry.ppid)) continue
      members.set(entry.pid, entry)
      grew = true
    }
  }
  return [...members.values()]
}

/** True while `entry`'s process exists and is not a zombie waiting to be reaped. */
export function isRunning(entry: ProcessEntry): boolean {
  if (!canListProcesses()) {
    try {
      process.kill(entry.pid, 0)
      return true
    } catch {
      return false
    }
  }
  const now = readProcess(entry.pid)
  return !!now && now.startTime === entry.startTime && now.state !== 'Z'
}

/** Sends `signal` to each process still running (never to a pid that was reused). */
export function signalAll(entries: readonly ProcessEntry[], signal: NodeJS.Signals): void {
  for (const entry of entries) {
    if (!isRunning(entry)) continue
    try {
      process.kill(entry.pid, signal)
    } catch {
      // Gone between the check and the signal: nothing to end.
    }
  }
}
