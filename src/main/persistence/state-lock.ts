import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { readProcess } from '../pty'

/** Who holds a data dir: a pid and its start time (clock ticks since boot), which together survive pid reuse. */
const LockHolder = z.object({ pid: z.number().int().positive(), startTime: z.string() })
export type LockHolder = z.output<typeof LockHolder>

export const LOCK_FILE = 'tessera.lock'

/** Another live host holds the data dir. */
export class StateLockError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder
  ) {
    super(`Another Tessera (pid ${holder.pid}, started at clock tick ${holder.startTime || 'unknown'}) is using this data dir (lock ${lockPath}). Stop it first, or choose another --data-dir.`)
    this.name = 'StateLockError'
  }
}

export interface StateLock {
  readonly path: string
  release(): void
}

/** This process as the lock names it; the start time is empty where /proc is missing (macOS). */
function currentHolder(): LockHolder {
  return { pid: process.pid, startTime: readProcess(process.pid)?.startTime ?? '' }
}

/** True while the holder's process runs: same pid, and the same start time where we can read it. */
export function holderAlive(holder: LockHolder): boolean {
  const now = readProcess(holder.pid)
  if (now) return now.state !== 'Z' && (holder.startTime === '' || now.startTime === holder.startTime)
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(readFileSync(path, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Creates the lock file only if none exists (O_EXCL), so two starters cannot both succeed. */
function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, JSON.stringify(holder))
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * Moves a stale lock out of the way. The rename is atomic, and the file renamed is read again:
 * if a racing starter replaced the stale lock with its live one in between, that lock is put
 * back (link fails rather than overwrite) and the race is lost.
 */
function removeStale(path: string, stale: LockHolder | undefined): void {
  const aside = `${path}.stale-${process.pid}`
  try {
    renameSync(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = readHolder(aside)
  if (moved && (moved.pid !== stale?.pid || moved.startTime !== stale.startTime) && holderAlive(moved)) {
    try {
      linkSync(aside, path)
    } finally {
      unlinkSync(aside)
    }
    throw new StateLockError(path, moved)
  }
  unlinkSync(aside)
}

/**
 * Takes the one writer lock on a data dir, taking over a lock whose holder is gone (or whose
 * pid now names another process). Throws StateLockError naming a live holder.
 */
export function acquireStateLock(dataDir: string): StateLock {
  const path = join(dataDir, LOCK_FILE)
  const me = currentHolder()
  // Two rounds: create, or clear a stale lock and create again; a second loss is a live rival.
  for (let round = 0; round < 2; round++) {
    if (tryCreate(path, me)) return { path, release: () => releaseIfMine(path, me) }
    const holder = readHolder(path)
    if (holder && holderAlive(holder)) throw new StateLockError(path, holder)
    removeStale(path, holder)
  }
  const holder = readHolder(path)
  throw new StateLockError(path, holder ?? { pid: 0, startTime: '' })
}

function releaseIfMine(path: string, me: LockHolder): void {
  const holder = readHolder(path)
  if (holder?.pid === me.pid && holder.startTime === me.startTime) unlinkSync(path)
}
