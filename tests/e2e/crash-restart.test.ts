import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput, PaneInfo } from '../../src/shared/bridge'
import { withBridge } from '../support/bridge-client.ts'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// A Claude pane killed from outside, as the user sees it with the real waits (1 s, then 5 s):
// the countdown, the pane back, Cancel, and the global switch in the settings dialog.

const WAIT_MS = 30_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let claude: OfflineClaude | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  claude = await offlineClaude()
  serve = await startServe([], claude.env)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await page.locator('.xterm-rows > div').filter({ hasText: PROMPT_ROW }).first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await claude?.dispose()
})

function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call(name, input))
}

const paneInfo = async (paneId: string): Promise<PaneInfo | undefined> => (await call('pane.list', {})).find((info) => info.id === paneId)
const section = (paneId: string): Locator => page.locator(`section.pane[data-pane-id="${paneId}"]`)

/** Every badge text the pane's header showed from now on (recorded as the page draws, so a 1 s countdown cannot be missed). */
async function recordBadges(paneId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const seen: string[] = []
    const header = document.querySelector(`section.pane[data-pane-id="${id}"] .pane-header`)
    if (!header) throw new Error('no header')
    const record = (): void => {
      for (const badge of Array.from(header.querySelectorAll('.pane-badge'))) {
        const text = badge.getAttribute('aria-label') ?? ''
        if (seen.at(-1) !== text) seen.push(text)
      }
    }
    new MutationObserver(record).observe(header, { subtree: true, childList: true, characterData: true, attributes: true })
    Object.defineProperty(window, 'seenBadges', { value: seen, configurable: true })
  }, paneId)
  return () => page.evaluate(() => (window as unknown as { seenBadges: string[] }).seenBadges)
}

function kill(pid: number | undefined): number {
  if (pid === undefined) throw new Error('the pane has no process')
  process.kill(pid, 'SIGKILL')
  return pid
}

describe('a crashed agent in the UI', () => {
  let paneId = ''

  it('counts down, then the pane is back at its prompt', async () => {
    const created = await call('pane.create', { kind: 'claude', model: 'haiku', cols: 100, rows: 30 })
    paneId = created.id
    const pane = section(paneId)
    await pane.locator('.status-badge[data-state="idle"]').waitFor()
    const seen = await recordBadges(paneId)
    const killed = kill((await paneInfo(paneId))?.pid)
    await expect.poll(async () => (await paneInfo(paneId))?.pid, { timeout: WAIT_MS }).not.toBe(killed)
    await pane.locator('.status-badge[data-state="idle"]').waitFor()
    expect(await seen()).toContain('Restarting in 1s (try 1 of 3)')
    expect(await pane.locator('.pane-badge').count()).toBe(0)
  })

  it('killed again, it waits 5 s, and Cancel calls that off and leaves it Crashed', async () => {
    const pane = section(paneId)
    const killed = kill((await paneInfo(paneId))?.pid)
    await pane.getByRole('status', { name: /^Restarting in [1-5]s \(try 2 of 3\)$/ }).waitFor()
    await pane.getByRole('button', { name: "Don't restart this pane after a crash" }).click()
    await pane.getByRole('status', { name: /^Restarting in/ }).waitFor({ state: 'detached' })
    const info = await paneInfo(paneId)
    expect(info?.autoRestart).toEqual({ enabled: false })
    expect(info?.pid).toBe(killed)
    expect(info?.status?.state).toBe('crashed')
    await pane.locator('.status-badge[data-state="crashed"]').waitFor()
    await pane.getByRole('button', { name: 'Restart pane' }).click()
    await pane.locator('.status-badge[data-state="idle"]').waitFor()
    expect((await paneInfo(paneId))?.pid).not.toBe(killed)
  })

  it('the settings dialog turns restarts off for every pane', async () => {
    // On again for the pane (Cancel turned it off), so only the global switch can stop it.
    expect((await call('pane.setAutoRestart', { paneId, enabled: true })).autoRestart).toEqual({ enabled: true })
    expect(await call('autoRestart.get', {})).toEqual({ enabled: true })
    await page.getByRole('button', { name: 'Presets and settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Presets and settings' })
    await dialog.getByRole('tab', { name: 'Terminal' }).click()
    const box = dialog.getByRole('checkbox', { name: /Restart agents that crash/ })
    await expect(box.isChecked()).resolves.toBe(true)
    await box.uncheck()
    await expect.poll(async () => (await call('autoRestart.get', {})).enabled).toBe(false)
    await page.keyboard.press('Escape')
    // Off globally: a crash now stays a crash, with nothing scheduled.
    const pane = section(paneId)
    kill((await paneInfo(paneId))?.pid)
    await pane.locator('.status-badge[data-state="crashed"]').waitFor()
    expect((await paneInfo(paneId))?.autoRestart?.scheduled).toBeUndefined()
    expect(problems).toEqual([])
  })
})
