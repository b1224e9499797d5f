import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadlessScreen } from './screen.ts'

// What a host has saved under <data dir>/state/ for crash recovery, read the way the
// next host will read it: panes.json (a lowdb document) and one screen snapshot per pane.

export interface SavedPane {
  id: string
  kind: string
  cwd: string
  cols: number
  rows: number
  agent?: { preset?: string; sessionId?: string; config?: Record<string, unknown> }
  process?: { pid: number }
}

export interface SavedScreen {
  savedAt: string
  cols: number
  rows: number
  /** The screen and scrollback as @xterm/addon-serialize wrote them. */
  data: string
}

const POLL_MS = 50

const statePath = (dataDir: string, ...parts: string[]): string => join(dataDir, 'state', ...parts)

/** The parsed file, or undefined while it is missing (a write replaces it atomically, so it is never half there). */
function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T
  } catch {
    return undefined
  }
}

export function savedPanes(dataDir: string): SavedPane[] {
  return readJson<{ data?: { panes?: SavedPane[] } }>(statePath(dataDir, 'panes.json'))?.data?.panes ?? []
}

export function savedScreen(dataDir: string, paneId: string): SavedScreen | undefined {
  return readJson<SavedScreen>(statePath(dataDir, 'screens', `${paneId}.json`))
}

/** Parsed snapshots by their data: a wait polls the same files many times between writes. */
const parsed = new Map<string, Promise<string>>()
const PARSED_KEPT = 32

/** Every row of a snapshot, scrollback included, as text: what the next host will show. */
export function snapshotText(saved: SavedScreen): Promise<string> {
  let text = parsed.get(saved.data)
  if (!text) {
    if (parsed.size >= PARSED_KEPT) parsed.clear()
    text = parseSnapshot(saved)
    parsed.set(saved.data, text)
  }
  return text
}

async function parseSnapshot(saved: SavedScreen): Promise<string> {
  const screen = new HeadlessScreen({ cols: saved.cols, rows: saved.rows })
  try {
    await screen.write(saved.data)
    const buffer = screen.terminal.buffer.active
    const rows: string[] = []
    for (let row = 0; row < buffer.length; row++) rows.push(buffer.getLine(row)?.translateToString(true) ?? '')
    return rows.join('\n')
  } finally {
    screen.dispose()
  }
}

/**
 * Polls the saved files until `missing` finds nothing missing (it returns undefined),
 * or fails after timeoutMs with what was still missing. The host writes them on its own
 * timers, with no event a test could wait on.
 */
export async function untilSaved(missing: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const lack = await missing()
    if (lack === undefined) return
    if (Date.now() > deadline) throw new Error(`The saved state still lacks, after ${timeoutMs} ms: ${lack}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
