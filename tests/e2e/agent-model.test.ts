import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { DEFAULT_CLAUDE_CLI } from '../support/claude-versions.ts'
import { launchChromium } from '../support/chromium.ts'
import type { FakeAnthropic } from '../support/fake-anthropic.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// A user starts Claude Code from a preset in the New pane dialog, sees the model
// in the pane header, switches it in the picker, and the switch is confirmed: by
// the header, by the CLI's own banner, and by the model of the next request.

const WAIT_MS = 30_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let api: FakeAnthropic | undefined
let claude: OfflineClaude | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  claude = await offlineClaude()
  api = claude.api
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

const rows = (pane: Locator, pattern: RegExp): Locator => pane.locator('.xterm-rows > div').filter({ hasText: pattern })

describe('model and preset pickers', () => {
  let pane: Locator

  it('creates a Claude pane from a preset and shows its model and preset in the header', async () => {
    await page.getByRole('button', { name: 'New pane' }).click()
    await page.getByRole('button', { name: 'Claude Code with preset haiku-worker' }).click()
    pane = page.locator('section.pane').filter({ has: page.locator('.preset-chip', { hasText: 'haiku-worker' }) })
    await expect.poll(() => pane.getByLabel('Model').inputValue()).toBe('haiku')
    await expect.poll(() => pane.locator('.pane-agent').getAttribute('title')).toContain('model haiku — preset haiku-worker')
    // The CLI itself says which model it runs in its welcome box; the header names the id it sends.
    await rows(pane, /Haiku 4\.5/).first().waitFor()
    await expect.poll(() => pane.locator('.model-sent').textContent()).toBe(`→ ${DEFAULT_CLAUDE_CLI.aliasModels?.haiku ?? ''}`)
    expect(await pane.locator('.pane-agent').getAttribute('title')).toContain(`Claude Code ${DEFAULT_CLAUDE_CLI.version}`)
  })

  it('switches the model in the picker and the pane confirms it', async () => {
    const session = (await pane.getAttribute('data-pane-id')) ?? ''
    await pane.getByLabel('Model').selectOption('sonnet')
    await rows(pane, /Sonnet 5/).first().waitFor()
    expect(await pane.getByLabel('Model').inputValue()).toBe('sonnet')
    await pane.locator('.pending-chip').waitFor({ state: 'detached' })
    expect(await pane.locator('.pane-agent').getAttribute('title')).toContain('model sonnet — pane override')
    expect(await pane.getAttribute('data-pane-id')).toBe(session)

    // The next turn goes out with the new model.
    await pane.locator('.xterm-screen').click()
    await page.keyboard.type('which model are you')
    await rows(pane, /which model are you/).first().waitFor()
    await page.keyboard.press('Enter')
    await rows(pane, /OK from the fake API/).first().waitFor()
    expect(api?.mainRequests().map((request) => request.model)).toEqual(['claude-sonnet-5'])
    // After the turn, the header names what the resumed session sent (from its transcript).
    await expect.poll(() => pane.locator('.model-sent').textContent()).toBe('→ claude-sonnet-5')
  })

  it('refuses a model id the agent does not know, in the picker itself', async () => {
    await pane.getByLabel('Model').selectOption({ label: 'Other model id…' })
    const input = pane.getByLabel('Model id')
    await input.fill('gpt-5')
    expect(await input.getAttribute('aria-invalid')).toBe('true')
    expect(await input.getAttribute('title')).toContain('Unknown model "gpt-5" for Claude Code')
    // The reason is also shown beside the field, not only in its tooltip.
    await expect(pane.locator('.model-problem').textContent()).resolves.toContain('Unknown model "gpt-5" for Claude Code')
    await input.press('Enter')
    await input.press('Escape')
    expect(await pane.getByLabel('Model').inputValue()).toBe('sonnet')
    expect(problems).toEqual([])
  })
})
