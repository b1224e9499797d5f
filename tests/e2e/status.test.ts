import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { launchChromium } from '../support/chromium.ts'
import type { FakeAnthropic } from '../support/fake-anthropic.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordNotifications, recordProblems } from '../support/terminal-page.ts'

// A user runs Claude Code beside a shell: the badge follows the agent, the
// attention list and the window title say when it waits, a notification goes
// out for the pane they are not watching, and Ctrl+Shift+G jumps to it.

const WAIT_MS = 30_000

let browser: Browser | undefined
let context: BrowserContext | undefined
let serve: ServeProcess | undefined
let api: FakeAnthropic | undefined
let offline: OfflineClaude | undefined
let page: Page
let notifications: () => Promise<string[]>
let problems: string[] = []
let shell: Locator
let claude: Locator

beforeAll(async () => {
  offline = await offlineClaude()
  api = offline.api
  serve = await startServe([], offline.env)
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  await context.grantPermissions(['notifications'], { origin: serve.origin })
  page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  notifications = await recordNotifications(page)
  await page.goto(serve.url)
  shell = page.locator('section.pane').first()
  await shell.locator('.xterm-rows > div').filter({ hasText: PROMPT_ROW }).first().waitFor()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await serve?.stop()
  await offline?.dispose()
})

const badge = (pane: Locator): Locator => pane.locator('.status-badge')
const rows = (pane: Locator, pattern: RegExp): Locator => pane.locator('.xterm-rows > div').filter({ hasText: pattern })

describe('agent status in the UI', () => {
  it('shows a Claude pane idle once it is up, and the shell idle with its method', async () => {
    await page.getByRole('button', { name: 'New pane' }).click()
    await page.getByRole('button', { name: /^Claude Code/ }).first().click()
    claude = page.locator('section.pane').filter({ has: page.locator('.pane-kind[data-kind="claude"]') })
    await badge(claude).and(page.locator('[data-state="idle"]')).waitFor()
    expect(await badge(claude).getAttribute('title')).toContain("Claude Code's hooks")
    await rows(claude, /\? for shortcuts/).first().waitFor()
    expect(await badge(shell).getAttribute('title')).toContain('from the shell')
  })

  it('turns to working and back to idle around a prompt', async () => {
    api?.enqueue({ text: 'A considered answer.', delayMs: 1_500 })
    await claude.locator('.xterm-screen').click()
    await page.keyboard.type('think first')
    await rows(claude, /think first/).first().waitFor()
    await page.keyboard.press('Enter')
    await badge(claude).and(page.locator('[data-state="working"]')).waitFor()
    await badge(claude).and(page.locator('[data-state="idle"]')).waitFor()
    await rows(claude, /A considered answer\./).first().waitFor()
  })

  it('lists a pane waiting for permission, notifies, and the shortcut jumps to it', async () => {
    // The reply takes a moment, so the user has looked away when the agent asks.
    api?.enqueue({ toolUse: { name: 'Bash', input: { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' } }, delayMs: 1_500 }, { text: 'It printed 42.' })
    await page.keyboard.type('run the script')
    await rows(claude, /run the script/).first().waitFor()
    await page.keyboard.press('Enter')
    await badge(claude).and(page.locator('[data-state="working"]')).waitFor()
    await shell.locator('.xterm-screen').click()
    await rows(claude, /Do you want to proceed\?/).first().waitFor()
    await badge(claude).and(page.locator('[data-state="waiting"]')).waitFor()
    expect(await badge(claude).textContent()).toContain('Waiting for you')
    await expect.poll(() => page.title()).toMatch(/^\(1\) Tessera/)

    await page.getByRole('button', { name: 'Panes that need you: 1' }).click()
    const item = page.locator('.attention-item')
    expect(await item.count()).toBe(1)
    expect(await item.textContent()).toContain('permission: Bash')
    await page.keyboard.press('Escape')

    await expect.poll(notifications).toEqual([expect.stringMatching(/needs you \| Waiting: permission: Bash$/)])

    expect(await page.locator('section.pane[data-focused]').getAttribute('data-pane-id')).toBe(await shell.getAttribute('data-pane-id'))
    await page.keyboard.press('Control+Shift+G')
    await expect.poll(() => page.locator('section.pane[data-focused]').getAttribute('data-pane-id')).toBe(await claude.getAttribute('data-pane-id'))

    // The keyboard is in the agent now: approve, and it works then settles.
    await page.keyboard.press('Enter')
    await rows(claude, /It printed 42\./).first().waitFor()
    await badge(claude).and(page.locator('[data-state="idle"]')).waitFor()
    await expect.poll(() => page.title()).toBe('Tessera')
    expect(problems).toEqual([])
  })
})
