import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What Claude Code writes to `<config dir>/sessions/<pid>.json` (undocumented; see claude-code-facts.md). */
export type CliSessionStatus = 'busy' | 'idle' | 'waiting' | 'shell'

/**
 * The CLI's own status for the process `pid`, or undefined when it has written none
 * yet (it writes the file at the first turn) or the file cannot be read.
 */
export async function readCliSessionStatus(configDir: string, pid: number): Promise<CliSessionStatus | undefined> {
  try {
    const data = JSON.parse(await readFile(join(configDir, 'sessions', `${pid}.json`), 'utf8')) as { status?: unknown }
    return isStatus(data.status) ? data.status : undefined
  } catch {
    return undefined
  }
}

function isStatus(value: unknown): value is CliSessionStatus {
  return value === 'busy' || value === 'idle' || value === 'waiting' || value === 'shell'
}
