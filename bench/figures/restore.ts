import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { offlineClaude } from '../../tests/support/offline-claude.ts'
import type { ServeProcess } from '../../tests/support/serve-process.ts'
import { PROMPT_ROW } from '../../tests/support/terminal-page.ts'
import { summarize, type Figures, type Target } from '../report.ts'
import { createGrid16, pollInPage, rowIs, rowMatches, rowsSelector, VIEWPORT } from '../support/app-page.ts'
import { BenchBrowser, type BenchPage } from '../support/devtools.ts'
import { stopServe, withCleanup } from '../support/process.ts'
import { crashHost, kindAt, markerRow, prepareSavedWorkspace, serveOn, slotIn, slotNumber, type BenchPlaces, type SavedPane } from '../support/saved-workspace.ts'

// Crash recovery as a user waits for it: a host with 16 panes (8 Claude, 8 shells) is
// SIGKILLed; from the spawn of the new host on the same data dir, how long until the page
// (opened once the host prints its URL) shows every pane's saved screen, and until every
// pane takes input again. Compared with 16 fresh panes reaching their first prompt.
// Every round restores a copy of the same saved data dir, so the rounds are alike.

const ROUNDS = 3
const POLL_MS = 20
const SCREENS_TIMEOUT_MS = 30_000
const INPUT_TIMEOUT_MS = 60_000

export const targets: Readonly<Record<string, Target>> = {
  restore16_to_screens_ms: { max: 1500 },
  restore16_vs_fresh16_ratio: { max: 0.5 }
}

const log = (line: string): void => void process.stderr.write(`bench: restore: ${line}\n`)
const ms = (value: number): string => `${value.toFixed(0)} ms`

/** Claude's input box: a row that starts with its `❯`. */
const CLAUDE_BOX = /^\s*❯/

/** A JavaScript expression: every pane has a row matching its pattern. */
function everyPaneShows(expected: ReadonlyArray<{ id: string; row: RegExp }>): string {
  return expected.map(({ id, row }) => rowMatches(rowsSelector(id), row)).join(' && ')
}

/** What a pane is given to prove it takes input, and what it then shows (a JavaScript expression). */
interface InputProbe {
  text: string
  enter: boolean
  shows: string
}

function inputProbe(pane: SavedPane, index: number): InputProbe {
  const token = `typed-${slotNumber(index)}`
  // A shell runs the command: only a live shell prints the token alone on a row (a terminal's
  // own echo of typed-ahead text would show the command). Claude shows it in its input box.
  if (pane.kind === 'shell') return { text: `echo ${token}`, enter: true, shows: rowIs(pane.id, token) }
  return { text: token, enter: false, shows: rowMatches(rowsSelector(pane.id), new RegExp(`❯\\s*${token}`)) }
}

/** A JavaScript expression: the indices of `paneIds` whose pane no longer shows the restored mark. */
function livePanes(paneIds: readonly string[]): string {
  return `${JSON.stringify(paneIds)}.flatMap((id, index) => document.querySelector('[data-pane-id="' + id + '"] [data-restored]') ? [] : [index])`
}

/**
 * Types each pane's probe as soon as the page shows that pane live (its restored mark
 * gone: the new program has drawn). Sooner, its program may not run yet, and the host
 * drops input to a pane without one.
 */
async function typeWhenLive(page: BenchPage, panes: readonly SavedPane[], probes: readonly InputProbe[]): Promise<void> {
  let waiting = panes.map((pane, index) => ({ pane, probe: probes[index] as InputProbe }))
  while (waiting.length > 0) {
    const ids = waiting.map(({ pane }) => pane.id)
    await pollInPage(page, `${livePanes(ids)}.length > 0`, POLL_MS, INPUT_TIMEOUT_MS)
    const live = new Set(await page.evaluate<number[]>(livePanes(ids)))
    for (const index of live) {
      const { pane, probe } = waiting[index] as (typeof waiting)[number]
      await typeInto(page, pane.id, probe.text, probe.enter)
    }
    waiting = waiting.filter((_, index) => !live.has(index))
  }
}

/** Types into one pane as the user would, its terminal focused. */
async function typeInto(page: BenchPage, paneId: string, text: string, enter: boolean): Promise<void> {
  await page.evaluate(`document.querySelector(${JSON.stringify(`[data-pane-id="${paneId}"] .xterm-helper-textarea`)}).focus()`)
  await page.send('Input.insertText', { text })
  if (enter) await page.press('Enter')
}

interface RestoreSample {
  /** The host printed its URL; the page fired its load event. */
  toUrlMs: number
  toLoadMs: number
  toScreensMs: number
  toInputMs: number
  /** Panes whose new program had not drawn yet when every saved screen showed. */
  stillRestored: number
}

async function restoreRound(browser: BenchBrowser, places: BenchPlaces, saved: string, panes: readonly SavedPane[]): Promise<RestoreSample> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-restore-'))
  cpSync(saved, dataDir, { recursive: true })
  const page = await browser.newPage(VIEWPORT)
  let serve: ServeProcess | undefined
  try {
    const start = performance.now()
    serve = await serveOn(places, dataDir)
    const urlAt = performance.now()
    await page.goto(serve.url)
    const loadedAt = performance.now()
    await pollInPage(page, everyPaneShows(panes.map((pane) => ({ id: pane.id, row: markerRow(pane.marker) }))), POLL_MS, SCREENS_TIMEOUT_MS)
    const screensAt = performance.now()
    const stillRestored = panes.length - (await page.evaluate<number[]>(livePanes(panes.map((pane) => pane.id)))).length
    const probes = panes.map(inputProbe)
    await typeWhenLive(page, panes, probes)
    await pollInPage(page, probes.map((probe) => probe.shows).join(' && '), POLL_MS, INPUT_TIMEOUT_MS)
    const inputAt = performance.now()
    return { toUrlMs: urlAt - start, toLoadMs: loadedAt - start, toScreensMs: screensAt - start, toInputMs: inputAt - start, stillRestored }
  } finally {
    await page.close()
    if (serve) await crashHost(serve)
    await serve?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function freshRound(browser: BenchBrowser, places: BenchPlaces): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-fresh-'))
  const page = await browser.newPage(VIEWPORT)
  let serve: ServeProcess | undefined
  try {
    const start = performance.now()
    serve = await serveOn(places, dataDir)
    await page.goto(serve.url)
    await pollInPage(page, `document.querySelector('[data-pane-id]') !== null`, POLL_MS, SCREENS_TIMEOUT_MS)
    const firstPaneId = await page.evaluate<string>(`document.querySelector('[data-pane-id]').dataset.paneId`)
    const ids = await withBridge(serve, (bridge) => createGrid16(bridge, firstPaneId, slotIn(places.workspace)))
    const prompts = ids.map((id, index) => ({ id, row: kindAt(index) === 'shell' ? PROMPT_ROW : CLAUDE_BOX }))
    await pollInPage(page, everyPaneShows(prompts), POLL_MS, INPUT_TIMEOUT_MS)
    return performance.now() - start
  } finally {
    await page.close()
    await stopServe(serve)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    // Panes start in a folder of the bench's own, under the temp dir the fake CLI setup trusts.
    const scratch = mkdtempSync(join(realpathSync(tmpdir()), 'tessera-bench-restore-'))
    cleanup.add(() => rmSync(scratch, { recursive: true, force: true }))
    const claude = await offlineClaude()
    cleanup.add(() => claude.dispose())
    const places: BenchPlaces = { home: join(scratch, 'home'), workspace: join(scratch, 'workspace'), env: claude.env }
    mkdirSync(places.workspace)
    const browser = await BenchBrowser.launch()
    cleanup.add(() => browser.close())
    const saved = join(scratch, 'saved')

    const panes = await prepareSavedWorkspace(browser, claude.api, places, saved)
    log(`saved: ${panes.length} panes, host killed`)
    const restores: RestoreSample[] = []
    const fresh: number[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const load = loadavg()[0] ?? NaN // the machine may be shared: the rounds say how busy it was
      const restore = await restoreRound(browser, places, saved, panes)
      restores.push(restore)
      fresh.push(await freshRound(browser, places))
      log(
        `round ${round} (load average ${load.toFixed(1)} before it): URL ${ms(restore.toUrlMs)}, page loaded ${ms(restore.toLoadMs)}, ` +
          `screens ${ms(restore.toScreensMs)} (${restore.stillRestored} of 16 panes not yet drawn over), input ${ms(restore.toInputMs)}; ` +
          `fresh 16 to prompts ${ms(fresh.at(-1) ?? NaN)}`
      )
    }
    const screens = summarize(restores.map((sample) => sample.toScreensMs))
    const input = summarize(restores.map((sample) => sample.toInputMs))
    const freshPrompts = summarize(fresh)
    return {
      restore16_to_screens_ms: Math.round(screens.median),
      restore16_to_input_ms: Math.round(input.median),
      restore16_vs_fresh16_ratio: Number((screens.median / freshPrompts.median).toFixed(3)),
      fresh16_to_prompt_ms: Math.round(freshPrompts.median),
      restore16_rounds: ROUNDS
    }
  })
}
