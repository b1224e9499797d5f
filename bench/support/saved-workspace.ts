import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PaneInfo } from '../../src/shared/bridge.ts'
import { withBridge, type BridgeClient } from '../../tests/support/bridge-client.ts'
import type { FakeAnthropic } from '../../tests/support/fake-anthropic.ts'
import { startServe, type ServeProcess } from '../../tests/support/serve-process.ts'
import { createGrid16, pollInPage, rowMatches, rowsSelector, VIEWPORT, type PaneSpec } from './app-page.ts'
import type { BenchBrowser, BenchPage } from './devtools.ts'
import { sleep } from './process.ts'

// A workspace worth restoring, for the restore figure: 16 panes in a 4×4 grid, half
// Claude (real CLI, fake API), half shells, each with a few screens of output that end
// in a marker of its own, saved by the host and then cut off by SIGKILL.

/** Odd slots are Claude, even ones shells; slot 0 is the shell the page opens by itself. */
export const kindAt = (index: number): 'shell' | 'claude' => (index % 2 === 1 ? 'claude' : 'shell')

/** Every slot's pane in `workspace`, said explicitly rather than inherited from the pane beside it. */
export const slotIn =
  (workspace: string) =>
  (index: number): PaneSpec =>
    kindAt(index) === 'claude' ? { kind: 'claude', model: 'haiku', cwd: workspace } : { kind: 'shell', cwd: workspace }

export interface SavedPane {
  id: string
  kind: 'shell' | 'claude'
  /** The last text the pane printed before the host was killed. */
  marker: string
}

const READY_TIMEOUT_MS = 120_000
const SAVED_TIMEOUT_MS = 30_000
const EXIT_TIMEOUT_MS = 5_000
const SHELL_LINES = 100
const CLAUDE_REPLY_LINES = 60
const CLAUDE_PROMPT = 'give me the long answer'

/** A slot's number as markers and probes spell it: two digits. */
export const slotNumber = (index: number): string => String(index).padStart(2, '0')

const markerOf = (index: number): string => `restored-${slotNumber(index)}`

/** A row of the pane reads its marker (as the last thing on the row). */
export const markerRow = (marker: string): RegExp => new RegExp(`(^|\\s)${marker}\\s*$`)

/** Where every host of the figure runs: one HOME (as a user's stays), panes in `workspace`; `env` carries the fake API and CLI. */
export interface BenchPlaces {
  home: string
  workspace: string
  env: Record<string, string>
}

export function serveOn(places: BenchPlaces, dataDir: string): Promise<ServeProcess> {
  return startServe(['--cwd', places.workspace], places.env, { home: places.home, dataDir })
}

/** The shell's command prints its marker without typing it, so only the output shows it. */
const shellCommand = (index: number): string => `seq 1 ${SHELL_LINES}; printf 'restored-%s\\n' ${slotNumber(index)}\r`

function longReply(marker: string): string {
  const lines = Array.from({ length: CLAUDE_REPLY_LINES }, (_, line) => `- line ${line + 1} of a long answer`)
  return `${lines.join('\n')}\n\n${marker}`
}

async function waitUntilIdle(bridge: BridgeClient, claudeIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const list = await bridge.call('pane.list', {})
    const idle = list.filter((pane) => claudeIds.includes(pane.id) && pane.status?.state === 'idle')
    if (idle.length === claudeIds.length) return
    if (Date.now() > deadline) throw new Error(`only ${idle.length} of ${claudeIds.length} Claude panes became idle`)
    await sleep(250)
  }
}

/** One turn at a time, so each reply (and its marker) goes to the pane that asked. */
async function claudeTurn(bridge: BridgeClient, page: BenchPage, api: FakeAnthropic, paneId: string, marker: string): Promise<void> {
  const asked = api.mainRequests().length
  api.enqueue({ text: longReply(marker) })
  await bridge.call('pane.write', { paneId, data: CLAUDE_PROMPT })
  // Enter on its own once the box holds the text (typed with it, it could count as a paste).
  await pollInPage(page, rowMatches(rowsSelector(paneId), new RegExp(CLAUDE_PROMPT)), 20, SAVED_TIMEOUT_MS)
  await bridge.call('pane.write', { paneId, data: '\r' })
  await api.waitForRequest(() => api.mainRequests().length > asked, SAVED_TIMEOUT_MS)
}

function screenHolds(dataDir: string, paneId: string, marker: string): boolean {
  const file = join(dataDir, 'state', 'screens', `${paneId}.json`)
  // The host renames each write into place, so a file that exists is whole.
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { data: string }).data.includes(marker)
}

async function waitForSavedScreens(dataDir: string, panes: readonly SavedPane[]): Promise<void> {
  const deadline = Date.now() + SAVED_TIMEOUT_MS
  while (!panes.every((pane) => screenHolds(dataDir, pane.id, pane.marker))) {
    if (Date.now() > deadline) {
      const missing = panes.filter((pane) => !screenHolds(dataDir, pane.id, pane.marker)).map((pane) => pane.marker)
      throw new Error(`no saved screen shows ${missing.join(', ')} after ${SAVED_TIMEOUT_MS} ms`)
    }
    await sleep(100)
  }
}

/** Waits until a process is gone, ending it if it outlives its host by EXIT_TIMEOUT_MS. */
async function gone(pid: number): Promise<void> {
  const deadline = Date.now() + EXIT_TIMEOUT_MS
  const alive = (): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  while (alive()) {
    if (Date.now() > deadline) {
      process.stderr.write(`bench: restore: pane process ${pid} outlived its host; killing it\n`)
      process.kill(pid, 'SIGKILL')
      return
    }
    await sleep(50)
  }
}

/**
 * SIGKILLs the host, as a crash would, and waits for its panes' processes to go, so a
 * round's leftovers do not eat the next round's CPU.
 */
export async function crashHost(serve: ServeProcess): Promise<void> {
  const panes: PaneInfo[] = await withBridge(serve, (bridge) => bridge.call('pane.list', {}))
  const exited = new Promise((resolve) => serve.child.once('exit', resolve))
  serve.child.kill('SIGKILL')
  await exited
  await Promise.all(panes.flatMap((pane) => (pane.pid === undefined ? [] : [gone(pane.pid)])))
}

/**
 * Builds the workspace on `dataDir` in a page of its own (so panes have the grid's
 * sizes), waits until every screen file holds its pane's marker, then crashes the host.
 */
export async function prepareSavedWorkspace(browser: BenchBrowser, api: FakeAnthropic, places: BenchPlaces, dataDir: string): Promise<SavedPane[]> {
  const serve = await serveOn(places, dataDir)
  const page = await browser.newPage(VIEWPORT)
  try {
    await page.goto(serve.url)
    await pollInPage(page, `document.querySelector('[data-pane-id]') !== null`, 20, READY_TIMEOUT_MS)
    const firstPaneId = await page.evaluate<string>(`document.querySelector('[data-pane-id]').dataset.paneId`)
    const panes = await withBridge(serve, async (bridge) => {
      const ids = await createGrid16(bridge, firstPaneId, slotIn(places.workspace))
      const saved: SavedPane[] = ids.map((id, index) => ({ id, kind: kindAt(index), marker: markerOf(index) }))
      await waitUntilIdle(bridge, saved.filter((pane) => pane.kind === 'claude').map((pane) => pane.id))
      for (const [index, pane] of saved.entries()) {
        if (pane.kind === 'shell') await bridge.call('pane.write', { paneId: pane.id, data: shellCommand(index) })
      }
      for (const pane of saved) if (pane.kind === 'claude') await claudeTurn(bridge, page, api, pane.id, pane.marker)
      return saved
    })
    await waitForSavedScreens(dataDir, panes)
    await crashHost(serve)
    return panes
  } finally {
    await page.close()
    await serve.stop('SIGKILL')
  }
}
