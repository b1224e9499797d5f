import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge.ts'
import type { CostReport } from '../../src/shared/costs.ts'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { DEFAULT_CLAUDE_CLI } from '../support/claude-versions.ts'
import type { FakeAnthropic, Usage } from '../support/fake-anthropic.ts'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordNotifications, recordProblems } from '../support/terminal-page.ts'

// A user runs Claude Code beside a shell and watches what it costs. Turns complete with
// usage the fake API hands out; the header, the context bar and the cost panel follow,
// a model without a price says so (never $0), a price typed into the Prices settings
// recounts everything, exports carry the same figures, and a pane budget shows its
// badge at 80 % and 100 % and notifies once it is crossed.

const WAIT_MS = 30_000
// The pane runs the haiku-worker preset: a model with the standard window (the CLI's default
// opus runs with a 1M window the transcript does not name). Its id as the CLI sends it, and
// the prefix the price typed into the settings is for.
const MODEL = DEFAULT_CLAUDE_CLI.aliasModels?.haiku ?? 'claude-haiku-4-5-20251001'
const PRICED_PREFIX = 'claude-haiku-4-5'

/**
 * Prices typed into the settings ($ per million tokens) and a small context window, so the
 * usage below fills the bar: input 10, output 50, 5-minute writes 12.5, 1-hour writes 20, reads 1.
 */
const PRICE = { input: '10', output: '50', cacheWrite5m: '12.5', cacheWrite1h: '20', cacheRead: '1', window: '10000' }

const usage = (input: number, output: number, cacheWrite: number, cacheRead: number): Partial<Usage> => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: cacheWrite,
  cache_read_input_tokens: cacheRead
})
// Turn 1: 6,000 + 1,600 written = 7,600 of 10,000 (76 %, amber); $0.06 + $0.05 + $0.02 = $0.13.
const TURN_1 = usage(6_000, 1_000, 1_600, 0)
// Turn 2: 400 + 1,200 written + 7,600 read = 9,200 (92 %, red); $0.004 + $0.10 + $0.015 + $0.0076 = $0.1266.
const TURN_2 = usage(400, 2_000, 1_200, 7_600)
// Turn 3: 1,000 + 8,000 read = 9,000; $0.01 + $0.05 + $0.008 = $0.068.
const TURN_3 = usage(1_000, 1_000, 0, 8_000)

let browser: Browser | undefined
let context: BrowserContext | undefined
let serve: ServeProcess | undefined
let offline: OfflineClaude | undefined
let api: FakeAnthropic
let page: Page
let notifications: () => Promise<string[]>
let problems: string[] = []
let shell: Locator
let claude: Locator
let claudeId = ''

beforeAll(async () => {
  offline = await offlineClaude()
  api = offline.api
  serve = await startServe([], offline.env)
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
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

function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call(name, input))
}

const rows = (pane: Locator, pattern: RegExp): Locator => pane.locator('.xterm-rows > div').filter({ hasText: pattern })
const costText = (): Locator => claude.locator('.pane-cost-text')
const costTitle = async (): Promise<string> => (await claude.locator('.pane-cost').getAttribute('title')) ?? ''
const budgetNotifications = async (): Promise<string[]> => (await notifications()).filter((text) => text.includes(' budget'))

/**
 * One turn of the agent, typed through the host (so the keyboard can stay in another pane
 * or in an open dialog): the fake API answers with `reply` and these usage numbers.
 */
async function turn(prompt: string, reply: string, numbers: Partial<Usage>): Promise<void> {
  api.enqueue({ text: reply, usage: numbers })
  await call('pane.write', { paneId: claudeId, data: prompt })
  await rows(claude, new RegExp(prompt)).first().waitFor()
  await call('pane.write', { paneId: claudeId, data: '\r' })
  await rows(claude, new RegExp(reply.replace('.', '\\.'))).first().waitFor()
}

/** Waits until `locator`'s text is `text`; the wait is the assertion. */
async function textIs(locator: Locator, text: string): Promise<void> {
  await expect.poll(() => locator.textContent(), { timeout: WAIT_MS }).toBe(text)
}

/** The header's badge overlaps none of the pane's action buttons (the one place a click must land). */
function badgeClearOfActions(): Promise<boolean> {
  return claude.evaluate((section) => {
    const badge = section.querySelector('.pane-badge.budget')?.getBoundingClientRect()
    if (!badge) return false
    return Array.from(section.querySelectorAll('.pane-actions button')).every((button) => {
      const box = button.getBoundingClientRect()
      return box.left >= badge.right || box.right <= badge.left
    })
  })
}

describe('costs in the browser', () => {
  it('shows "price unknown" for a model without a price, with the tokens of its last request', async () => {
    // A table without the model the CLI sends: its tokens are counted, their dollars unknown.
    await call('costs.setPrices', { prices: [{ model: 'claude-sonnet-5', rates: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } }] })
    await page.getByRole('button', { name: 'New pane' }).click()
    await page.getByRole('button', { name: 'Claude Code with preset haiku-worker' }).click()
    claude = page.locator('section.pane').filter({ has: page.locator('.pane-kind[data-kind="claude"]') })
    await claude.locator('.status-badge[data-state="idle"]').waitFor()
    await rows(claude, /\? for shortcuts/).first().waitFor()
    claudeId = (await claude.getAttribute('data-pane-id')) ?? ''
    // Its session has no usage yet: the header keeps the room for the model picker (no "$0.00").
    await claude.locator('.pane-kind').waitFor()
    expect(await claude.locator('.pane-cost').count()).toBe(0)

    await turn('first question', 'First answer.', TURN_1)
    await textIs(costText(), 'price unknown')
    // No window known for the model: the tokens stand in for the bar.
    await textIs(claude.locator('.context-tokens'), '7.6k tok')
    expect(await claude.locator('.context-bar').count()).toBe(0)
    expect(await costTitle()).toContain(`${MODEL}: price unknown, 8,600 tokens`)
    await textIs(page.locator('.cost-button-amount'), 'price unknown')

    await page.getByRole('button', { name: /Open the cost panel/ }).click()
    const panel = page.getByRole('dialog', { name: 'Costs' })
    await textIs(panel.getByTestId('cost-total'), 'price unknown')
    expect(await panel.locator('.cost-unpriced').textContent()).toContain(`No price for ${MODEL}`)
    expect(await panel.getByRole('table', { name: 'By model' }).locator(`tr[data-key="${MODEL}"] .cost-dollars`).textContent()).toBe('price unknown')
    expect(await panel.locator('.cost-chart').count()).toBe(0)
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('prices the model from the Prices settings: every turn is recounted and the context bar turns amber', async () => {
    await page.getByRole('button', { name: 'Presets and settings' }).click()
    await page.getByRole('tab', { name: 'Prices' }).click()
    await page.getByRole('button', { name: 'Add model' }).click()
    const row = page.locator('fieldset.price-row').last()
    await row.getByLabel('Model id or prefix').fill(PRICED_PREFIX)
    await row.getByLabel('Input').fill(PRICE.input)
    await row.getByLabel('Output').fill(PRICE.output)
    await row.getByLabel('5 min write').fill(PRICE.cacheWrite5m)
    await row.getByLabel('1 h write').fill(PRICE.cacheWrite1h)
    await row.getByLabel('Cache read').fill(PRICE.cacheRead)
    await row.getByLabel('Context window').fill(PRICE.window)
    await page.getByRole('button', { name: 'Save prices' }).click()
    await page.getByRole('status').filter({ hasText: 'Prices saved' }).waitFor()
    const saved = await call('costs.settings', {})
    expect(saved.prices.find((price) => price.model === PRICED_PREFIX)).toEqual({
      model: PRICED_PREFIX,
      rates: { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1 },
      contextWindow: 10_000
    })
    await page.keyboard.press('Escape')

    await textIs(costText(), '$0.13')
    const bar = claude.locator('.context-bar')
    await expect.poll(() => bar.getAttribute('data-level')).toBe('amber')
    expect(await bar.getAttribute('data-tokens')).toBe('7600')
    expect(await bar.getAttribute('data-window')).toBe('10000')
    expect(await bar.locator('.context-fill').getAttribute('style')).toContain('width: 76%')
    expect(await costTitle()).toContain('Cost of this pane\'s sessions: $0.1300')
  })

  it('updates the header and the open cost panel as the next turn completes', async () => {
    await page.getByRole('button', { name: /Open the cost panel/ }).click()
    const panel = page.getByRole('dialog', { name: 'Costs' })
    await textIs(panel.getByTestId('cost-total'), '$0.13')

    await turn('second question', 'Second answer.', TURN_2)
    await textIs(costText(), '$0.26')
    await expect.poll(() => claude.locator('.context-bar').getAttribute('data-level')).toBe('red')
    expect(await costTitle()).toContain('Cost of this pane\'s sessions: $0.2566')
    expect(await costTitle()).toContain('Context 9.2k of 10k tokens (92 %)')

    // The panel asks again by itself when usage is counted.
    await textIs(panel.getByTestId('cost-total'), '$0.26')
    const paneRow = panel.getByRole('table', { name: 'By pane' }).locator(`tr[data-key="${claudeId}"]`)
    await expect.poll(() => paneRow.locator('td').allTextContents()).toEqual(['2', '6.4k', '3k', '2.8k', '7.6k', '$0.26'])
    const modelRow = panel.getByRole('table', { name: 'By model' }).locator(`tr[data-key="${MODEL}"]`)
    expect(await modelRow.locator('td').allTextContents()).toEqual(['2', '6.4k', '3k', '2.8k', '7.6k', '$0.26'])
    expect(await panel.getByText('2 requests').count()).toBe(1)
    await panel.locator('.cost-chart').waitFor()
  })

  it('exports the same figures as CSV and JSON', async () => {
    const panel = page.getByRole('dialog', { name: 'Costs' })
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export CSV' }).click()])
    expect(csvDownload.suggestedFilename()).toMatch(/^tessera-costs-today-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\r\n')
    const header = csv[0]?.split(',') ?? []
    const line = (group: string, key: string): Record<string, string> => {
      const cells = csv.find((text) => text.startsWith(`${group},${key},`))?.split(',') ?? []
      return Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']))
    }
    const figures = { requests: '2', input_tokens: '6400', output_tokens: '3000', cache_write_5m_tokens: '2800', cache_write_1h_tokens: '0', cache_read_tokens: '7600', cost_usd: '0.2566', unpriced_models: '' }
    expect(line('pane', claudeId)).toMatchObject(figures)
    expect(line('model', MODEL)).toMatchObject(figures)
    expect(line('total', 'total')).toMatchObject({ requests: '2', cost_usd: '0.2566' })

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export JSON' }).click()])
    expect(jsonDownload.suggestedFilename()).toMatch(/^tessera-costs-today-\d{4}-\d{2}-\d{2}\.json$/)
    const report = JSON.parse(await readFile(await jsonDownload.path(), 'utf8')) as CostReport
    const byPane = report.byPane.find((row) => row.key === claudeId)
    expect(byPane?.tokens).toEqual({ input: 6_400, output: 3_000, cacheWrite5m: 2_800, cacheWrite1h: 0, cacheRead: 7_600 })
    expect(byPane?.requests).toBe(2)
    expect(byPane?.cost).toBeCloseTo(0.2566, 10)
    expect(report.total.cost).toBeCloseTo(0.2566, 10)
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('shows the budget badge at 80 % and at 100 %, and notifies once the budget is crossed', async () => {
    await claude.locator('.pane-cost').click()
    const dialog = page.getByRole('dialog', { name: /^Budget for / })
    expect(await dialog.locator('.budget-spent').textContent()).toContain('cost $0.26 so far')
    await dialog.getByLabel('Budget in dollars').fill('0.30')
    await dialog.getByRole('button', { name: 'Set budget' }).click()
    await dialog.waitFor({ state: 'detached' })

    // $0.2566 of $0.30: 85 %, a warning in the header and no notification (that is for 100 %).
    const badge = claude.locator('.pane-badge.budget')
    await textIs(badge, '85 % of $0.30 budget')
    expect(await badge.getAttribute('class')).toContain('warning')
    expect(await badgeClearOfActions()).toBe(true)
    expect(await budgetNotifications()).toEqual([])

    // The user goes back to the shell: a crossing in the agent's pane is news to them.
    await shell.locator('.xterm-screen').click()
    await expect.poll(() => page.locator('section.pane[data-focused]').getAttribute('data-pane-id')).toBe(await shell.getAttribute('data-pane-id'))
    await turn('third question', 'Third answer.', TURN_3)
    // $0.3246 of $0.30.
    await textIs(badge, 'budget $0.30 exceeded')
    expect(await badge.getAttribute('class')).toContain('exceeded')
    await textIs(costText(), '$0.32')
    expect(await badgeClearOfActions()).toBe(true)
    // (The turn's end is news of its own: "… finished".)
    await expect.poll(budgetNotifications).toEqual([expect.stringMatching(/ is over its \$0\.30 budget \| \$0\.32 spent\. Nothing was stopped\.$/)])
    // Nothing stops the agent for a budget.
    await claude.locator('.status-badge[data-state="idle"]').waitFor()
    expect(problems).toEqual([])
  })
})
