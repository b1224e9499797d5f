import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { withBridge } from '../support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-harness.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI, type ClaudeOnPath } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems, waitForRow } from '../support/terminal-page.ts'

// One grid in two windows of different sizes, sized as tmux's window-size option does.
// Tessera's default `smallest`: the PTY takes the smaller one's size, both draw the same
// screen at that size (the larger letterboxed), and the larger takes its whole area back
// once the smaller closes. `--window-size latest` gives it to the window that sized last.

const WAIT_MS = 10_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let contexts: BrowserContext[] = []
/** Each page's console errors and page errors, filled as they happen. */
let problems: string[][] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterEach(async () => {
  for (const context of contexts) await context.close()
  contexts = []
  problems = []
  await serve?.stop()
  serve = undefined
})

afterAll(async () => {
  await browser?.close()
})

function served(): ServeProcess {
  if (!serve) throw new Error('serve did not start')
  return serve
}

/** A window of its own (a context: its own tab, socket and size) showing the grid. */
async function openWindow(width: number, height: number): Promise<{ page: Page; context: BrowserContext }> {
  if (!browser) throw new Error('Chromium did not start')
  const context = await browser.newContext({ viewport: { width, height } })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems.push(recordProblems(page))
  await page.goto(served().url)
  await waitForRow(page, PROMPT_ROW, WAIT_MS)
  // The terminal fits again once its fonts are in (the symbol font loads after the first fit,
  // later on a busy machine): the sizes read below are the settled ones, not the first guess.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))))
  return { page, context }
}

/** The size a window told the host it can show the pane at (once it has). */
async function reportedFit(host: Locator): Promise<{ rows: number; cols: number }> {
  const reported = host.and(host.page().locator('[data-fits]'))
  await reported.waitFor()
  const [cols, rows] = ((await reported.getAttribute('data-fits')) ?? '').split('x').map(Number)
  return { rows: rows ?? 0, cols: cols ?? 0 }
}

const smallest = (a: { rows: number; cols: number }, b: { rows: number; cols: number }): { rows: number; cols: number } => ({
  rows: Math.min(a.rows, b.rows),
  cols: Math.min(a.cols, b.cols)
})

let probe = 0
/** Types `stty size` (tagged) into the pane and reads the answer off the page: the size the shell sees. */
async function sttySize(page: Page): Promise<{ rows: number; cols: number }> {
  const tag = `size${++probe}`
  await page.locator('.xterm').click()
  await page.keyboard.type(`clear; echo ${tag}=$(stty size | tr ' ' x)`)
  await page.keyboard.press('Enter')
  await waitForRow(page, new RegExp(`^${tag}=\\d+x\\d+`))
  return answerOn(page, tag)
}

/** The tagged answer as another window shows it (the same PTY, so the same output). */
async function answerOn(page: Page, tag: string): Promise<{ rows: number; cols: number }> {
  const pattern = new RegExp(`^${tag}=(\\d+)x(\\d+)`)
  await waitForRow(page, pattern)
  const text = (await screenRows(page)).find((row) => pattern.test(row)) ?? ''
  const [, rows, cols] = pattern.exec(text) ?? []
  return { rows: Number(rows), cols: Number(cols) }
}

/** The screen once the tagged answer and the prompt after it are drawn. */
async function settledScreen(page: Page, tag: string): Promise<string[]> {
  const answered = (rows: string[]): boolean => {
    const at = rows.findIndex((row) => row.startsWith(`${tag}=`))
    return at >= 0 && PROMPT_ROW.test(`${rows[at + 1] ?? ''} `)
  }
  await expect.poll(async () => answered(await screenRows(page)), { timeout: WAIT_MS }).toBe(true)
  return screenRows(page)
}

const screenRows = (page: Page): Promise<string[]> =>
  page.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').replace(/\s+$/, '')))

const terminalRowCount = (page: Page): Promise<number> => page.locator('.xterm-rows > div').count()

const isLetterboxed = (page: Page): Promise<boolean> =>
  page.locator('.terminal-host').evaluate((host) => host.hasAttribute('data-letterboxed'))

async function hostPaneSize(): Promise<{ cols: number; rows: number }> {
  const [pane] = await withBridge(served(), (bridge) => bridge.call('pane.list', {}))
  if (!pane) throw new Error('no pane')
  return { cols: pane.cols, rows: pane.rows }
}

describe('one pane in two windows of different sizes', () => {
  it('sizes the PTY for the smaller window, draws the same screen in both, and gives the larger its size back when the smaller closes', async () => {
    serve = await startServe()
    const small = await openWindow(760, 480)
    const smallFit = await reportedFit(small.page.locator('.terminal-host'))
    // The larger window opens last (so `latest` would give it the PTY).
    const large = await openWindow(1400, 900)
    const largeFit = await reportedFit(large.page.locator('.terminal-host'))
    expect(largeFit.rows).toBeGreaterThan(smallFit.rows)
    expect(largeFit.cols).toBeGreaterThan(smallFit.cols)

    const shared = await sttySize(large.page)
    expect(shared).toEqual(smallest(smallFit, largeFit))
    expect(await hostPaneSize()).toEqual({ cols: shared.cols, rows: shared.rows })
    // The smaller window fills its own area, unclipped (each page takes the PTY's size when the host's resize reaches it).
    await expect.poll(() => terminalRowCount(small.page), { timeout: WAIT_MS }).toBe(shared.rows)
    expect(await isLetterboxed(small.page)).toBe(false)

    // The larger window draws the PTY's rows and columns and shades the rest of its area.
    await expect.poll(() => terminalRowCount(large.page), { timeout: WAIT_MS }).toBe(shared.rows)
    await large.page.locator('.terminal-host[data-letterboxed]').waitFor()
    const { screenWidth, areaWidth } = await large.page.locator('.xterm-screen').evaluate((screen) => ({
      screenWidth: screen.getBoundingClientRect().width,
      areaWidth: screen.closest('.terminal-host')?.getBoundingClientRect().width ?? 0
    }))
    expect(areaWidth).toBeGreaterThan(screenWidth * 1.5)
    // Every row alike in both windows: no leftovers from the larger size, no doubled lines.
    const tag = `size${probe}`
    expect(await settledScreen(large.page, tag)).toEqual(await settledScreen(small.page, tag))

    await small.context.close()
    contexts.splice(contexts.indexOf(small.context), 1)
    // The host recomputes as soon as the smaller window's connection ends.
    await large.page.locator('.terminal-host:not([data-letterboxed])').waitFor()
    expect(await sttySize(large.page)).toEqual(largeFit)
    expect(await hostPaneSize()).toEqual({ cols: largeFit.cols, rows: largeFit.rows })
    expect(await terminalRowCount(large.page)).toBe(largeFit.rows)
    expect(problems.flat()).toEqual([])
  })

  it('follows the window that sized last under --window-size latest', async () => {
    serve = await startServe(['--window-size', 'latest'])
    const small = await openWindow(760, 480)
    await reportedFit(small.page.locator('.terminal-host'))
    const large = await openWindow(1400, 900)
    const largeFit = await reportedFit(large.page.locator('.terminal-host'))
    expect(await sttySize(large.page)).toEqual(largeFit)
    expect(await isLetterboxed(large.page)).toBe(false)
    // The smaller window draws the PTY's size too, clipped by its area rather than rewrapped.
    expect(await answerOn(small.page, `size${probe}`)).toEqual(largeFit)
    expect(await terminalRowCount(small.page)).toBe(largeFit.rows)
    expect(problems.flat()).toEqual([])
  })

  describe('with a Claude Code pane', () => {
    let api: FakeAnthropic | undefined
    let claudeOnPath: ClaudeOnPath | undefined

    beforeAll(async () => {
      api = await startFakeAnthropic()
      const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [realpathSync(tmpdir())] })
      claudeOnPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, claudeEnv(api.url, FAKE_API_KEY, configDir))
    })

    afterAll(async () => {
      await api?.close()
      await claudeOnPath?.dispose()
    })

    const claudePane = (page: Page): Locator => page.locator('section.pane').filter({ has: page.locator('.pane-kind[data-kind="claude"]') })
    const paneRows = (pane: Locator): Promise<string[]> =>
      pane.locator('.xterm-rows > div').evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').replace(/\s+$/, '')))
    const inputHints = async (pane: Locator): Promise<number> => (await paneRows(pane)).filter((row) => /\? for shortcuts/.test(row)).length

    it('draws one input box, the same in both windows, and one again in the larger once the smaller closes', async () => {
      if (!claudeOnPath) throw new Error('no Claude Code CLI')
      serve = await startServe([], claudeOnPath.env)
      const small = await openWindow(900, 600)
      const large = await openWindow(1400, 900)
      await large.page.getByRole('button', { name: 'New pane' }).click()
      await large.page.getByRole('button', { name: /^Claude Code/ }).first().click()
      const inLarge = claudePane(large.page)
      const inSmall = claudePane(small.page)
      await inLarge.locator('.xterm-rows > div').filter({ hasText: /\? for shortcuts/ }).first().waitFor({ timeout: 30_000 })
      await inSmall.locator('.xterm-rows > div').filter({ hasText: /\? for shortcuts/ }).first().waitFor({ timeout: 30_000 })
      await reportedFit(inSmall.locator('.terminal-host'))
      await reportedFit(inLarge.locator('.terminal-host'))

      // Both windows draw the pane's one PTY at one size: the same rows, one input box.
      await expect.poll(async () => JSON.stringify(await paneRows(inLarge)) === JSON.stringify(await paneRows(inSmall)), { timeout: WAIT_MS }).toBe(true)
      expect(await inputHints(inLarge)).toBe(1)
      await inLarge.locator('.terminal-host[data-letterboxed]').waitFor()

      await small.context.close()
      contexts.splice(contexts.indexOf(small.context), 1)
      await inLarge.locator('.terminal-host:not([data-letterboxed])').waitFor()
      const listed = await withBridge(served(), (bridge) => bridge.call('pane.list', {}))
      expect(await inLarge.locator('.xterm-rows > div').count()).toBe(listed.find((pane) => pane.kind === 'claude')?.rows)
      // Claude Code redraws for the larger size: still one input box, none left over from the smaller.
      await expect.poll(async () => inputHints(inLarge), { timeout: WAIT_MS }).toBe(1)
      expect(problems.flat()).toEqual([])
    })
  })
})
