import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What Claude Code writes to `<config dir>/sessions/<pid>.json` (undocumented; see claude-code-facts.md). */
export type CliSessionStatus = 'busy' | 'idle' | 'waiting' | 'shell'

export interface CliSession {
  status: CliSessionStatus
  /** The CLI's own stamp of the status change (ms). */
  updatedAt: number
  sessionId?: string
  /** What a waiting CLI waits for: "permission prompt", "dialog open", "input needed"… */
  waitingFor?: string
}

export const sessionFileName = (pid: number): string => `${pid}.json`

/**
 * The CLI's own view of the process `pid`, or undefined when it has written none
 * yet (it writes the file at the first turn) or the file cannot be read.
 */
export async function readCliSession(configDir: string, pid: number): Promise<CliSession | undefined> {
  try {
    const data = JSON.parse(await readFile(join(configDir, 'sessions', sessionFileName(pid)), 'utf8')) as Record<string, unknown>
    if (!isStatus(data.status)) return undefined
    const stamp = typeof data.statusUpdatedAt === 'number' ? data.statusUpdatedAt : data.updatedAt
    return {
      status: data.status,
      updatedAt: typeof stamp === 'number' ? stamp : 0,
      ...(typeof data.sessionId === 'string' ? { sessionId: data.sessionId } : {}),
      ...(data.status === 'waiting' && typeof data.waitingFor === 'string' ? { waitingFor: data.waitingFor } : {})
    }
  } catch {
    return undefined
  }
}

function isStatus(value: unknown): value is CliSessionStatus {
  return value === 'busy' || value === 'idle' || value === 'waiting' || value === 'shell'
}
