import { startServe, type ServeProcess } from '../../tests/support/serve-process.ts'
import { PROMPT_ROW } from '../../tests/support/terminal-page.ts'
import type { CallInput } from '../../src/shared/bridge.ts'
import type { BridgeClient } from '../../tests/support/bridge-client.ts'
import type { BenchBrowser, BenchPage } from './devtools.ts'
import { stopServe, type Cleanup } from './process.ts'

// Tessera in a Chromium tab, as the figure modules drive it. In-page code is
// passed as strings on purpose: tsx may wrap functions in helpers (`__name`) that
// do not exist in the page.

/** One desktop-sized window for every figure, so pane sizes are comparable across them. */
export const VIEWPORT = { width: 1600, height: 900 } as const
const PROMPT_TIMEOUT_MS = 20_000

export interface App {
  serve: ServeProcess
  page: BenchPage
  /** The pane the page opened itself on the empty host. */
  firstPaneId: string
}

/** The element of one pane's terminal rows. */
export const rowsSelector = (paneId: string): string => `[data-pane-id="${paneId}"] .xterm-rows`

/** Starts a host (with `env` added), opens its page and waits for the first pane's prompt; `cleanup` undoes all of it. */
export async function openApp(browser: BenchBrowser, cleanup: Cleanup, env: Record<string, string> = {}): Promise<App> {
  const serve = await startServe([], env)
  cleanup.add(() => stopServe(serve))
  const page = await browser.newPage(VIEWPORT)
  cleanup.add(() => page.close())
  page.onError((message) => process.stderr.write(`bench: page error: ${message}\n`))
  await page.goto(serve.url)
  await pollInPage(page, `document.querySelector('[data-pane-id]') !== null`, 20, PROMPT_TIMEOUT_MS)
  const firstPaneId = await page.evaluate<string | undefined>(`document.querySelector('[data-pane-id]').dataset.paneId`)
  if (!firstPaneId) throw new Error('the first pane has no data-pane-id')
  await waitForPaneRow(page, firstPaneId, PROMPT_ROW)
  return { serve, page, firstPaneId }
}

/** Waits until a row of that pane's terminal matches (setup only). */
export async function waitForPaneRow(page: BenchPage, paneId: string, pattern: RegExp, timeoutMs = PROMPT_TIMEOUT_MS): Promise<void> {
  await pollInPage(page, rowMatches(rowsSelector(paneId), pattern), 20, timeoutMs)
}

/** A JavaScript expression: some row under `rows` (a selector) matches `pattern`. */
export function rowMatches(rows: string, pattern: RegExp): string {
  const regExp = `new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)})`
  return `[...document.querySelectorAll(${JSON.stringify(`${rows} > div`)})].some((row) => ${regExp}.test(row.textContent))`
}

/** Which renderer each terminal on the page drew with (the controller marks it `data-renderer`). */
export async function renderers(page: BenchPage): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-terminal-for]')].map((el) => el.dataset.renderer || '?')`)
}

/** What a grid slot gets: its kind, and a model or folder if given. */
export type PaneSpec = Pick<CallInput<'pane.create'>, 'kind' | 'model' | 'cwd'>

const SHELL: PaneSpec = { kind: 'shell' }

/**
 * Grows the grid from one pane to a 4×4 grid over the bridge: a row of four, each
 * the top of a column of four, then equal sizes. Returns all 16 ids, first pane first,
 * in creation order; `specAt(index)` says what each new pane (index 1–15) is.
 */
export async function createGrid16(bridge: BridgeClient, firstPaneId: string, specAt: (index: number) => PaneSpec = () => SHELL): Promise<string[]> {
  const size = { cols: 80, rows: 24 } // the page fits each pane to its slot right away
  let created = 0
  const create = async (paneId: string, edge: 'right' | 'bottom'): Promise<string> =>
    (await bridge.call('pane.create', { ...specAt(++created), ...size, beside: { paneId, edge } })).id
  const tops = [firstPaneId]
  for (let column = 1; column < 4; column++) tops.push(await create(tops[column - 1] as string, 'right'))
  const ids = [...tops]
  for (const top of tops) {
    let above = top
    for (let row = 1; row < 4; row++) {
      above = await create(above, 'bottom')
      ids.push(above)
    }
  }
  await bridge.call('layout.equalize', {})
  return ids
}

/** Waits until every pane is on the page with its prompt drawn. */
export async function waitForPrompts(page: BenchPage, paneIds: readonly string[]): Promise<void> {
  for (const paneId of paneIds) await waitForPaneRow(page, paneId, PROMPT_ROW)
}

/**
 * Resolves (in Node) once `condition`, a JavaScript expression, is true in the page,
 * checking every `pollMs` with a timer in the page, so no round trip sets the pace.
 */
export async function pollInPage(page: BenchPage, condition: string, pollMs: number, timeoutMs: number): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (${condition}) return resolve(true);
      if (performance.now() - started > ${timeoutMs}) return reject(new Error('timed out after ${timeoutMs} ms waiting for: ' + ${JSON.stringify(condition)}));
      setTimeout(check, ${pollMs});
    };
    check();
  })`)
}

/** A JavaScript expression: some row of that pane reads exactly `text` (blanks and trailing space aside). */
export function rowIs(paneId: string, text: string): string {
  const selector = JSON.stringify(`${rowsSelector(paneId)} > div`)
  return `[...document.querySelectorAll(${selector})].some((row) => row.textContent.replace(/\\u00a0/g, ' ').trimEnd() === ${JSON.stringify(text)})`
}
