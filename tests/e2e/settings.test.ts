import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput, PresetEntry } from '../../src/shared/bridge.ts'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems, waitForRow } from '../support/terminal-page.ts'

// The "Presets and settings" dialog as a user drives it in browser mode: create,
// edit, duplicate, rename and delete presets, see the host refuse a bad value,
// set a folder's default. The host's own answers (through a raw bridge client)
// confirm what was stored. The tests share one tab and run in file order.

const WAIT_MS = 10_000
const BUILTINS = ['haiku-worker', 'sonnet-default', 'opus-heavy', 'haiku-minimal']

let browser: Browser | undefined
let serve: ServeProcess | undefined
let context: BrowserContext | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
  serve = await startServe()
  context = await browser.newContext({ viewport: { width: 1300, height: 900 } })
  page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await waitForRow(page, PROMPT_ROW, WAIT_MS)
})

afterAll(async () => {
  await context?.close()
  await serve?.stop()
  await browser?.close()
})

function served(): ServeProcess {
  if (!serve) throw new Error('serve did not start')
  return serve
}

function host<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  return withBridge(served(), (bridge) => bridge.call(name, input))
}

async function userPresets(): Promise<PresetEntry[]> {
  const { presets } = await host('presets.list', {})
  return presets.filter((preset) => preset.origin !== 'builtin')
}

// ------------------------------------------------------------ page helpers

const dialog = (): Locator => page.getByRole('dialog', { name: 'Presets and settings' })
const row = (name: string): Locator => dialog().locator(`li[data-preset="${name}"]`)
const button = (name: string | RegExp): Locator => dialog().getByRole('button', { name, exact: typeof name === 'string' })
const field = (label: string): Locator => dialog().getByLabel(label, { exact: true })
const form = (title: string | RegExp): Locator => dialog().getByRole('form', { name: title })

async function openSettings(): Promise<void> {
  if (await dialog().isVisible()) return
  await page.getByRole('button', { name: 'Presets and settings' }).click()
  await dialog().waitFor()
}

async function closeSettings(): Promise<void> {
  await page.keyboard.press('Escape')
  await dialog().waitFor({ state: 'detached' })
}

async function showTab(name: 'Presets' | 'Workspace default' | 'Terminal'): Promise<void> {
  await dialog().getByRole('tab', { name }).click()
  await expect(dialog().getByRole('tab', { name }).getAttribute('aria-selected')).resolves.toBe('true')
}

/** Waits until the row's text matches; the wait is the assertion. */
async function waitForRowText(name: string, text: RegExp): Promise<void> {
  await row(name).filter({ hasText: text }).waitFor()
}

// ------------------------------------------------------------ tests

describe('the presets and settings dialog', () => {
  it('opens from the toolbar and lists the built-ins, none of them deletable', async () => {
    await openSettings()
    await expect(dialog().getByRole('tab', { name: 'Presets' }).getAttribute('aria-selected')).resolves.toBe('true')
    for (const name of BUILTINS) {
      await waitForRowText(name, /built-in/)
      await expect(button(`Edit preset ${name}`).isVisible()).resolves.toBe(true)
      await expect(button(`Duplicate preset ${name}`).isVisible()).resolves.toBe(true)
      await expect(row(name).getByRole('button', { name: /delete/i }).count()).resolves.toBe(0)
    }
    await expect(row('opus-heavy').textContent()).resolves.toContain('model opus · effort high · context 200k')
    await expect(dialog().getByRole('alert').count()).resolves.toBe(0)
  })

  it('moves between tabs with the arrow keys and closes on Esc, handing focus back', async () => {
    await openSettings()
    const presetsTab = dialog().getByRole('tab', { name: 'Presets' })
    const workspaceTab = dialog().getByRole('tab', { name: 'Workspace default' })
    await presetsTab.focus()
    await page.keyboard.press('ArrowRight')
    await expect(workspaceTab.evaluate((element) => element === document.activeElement)).resolves.toBe(true)
    await expect(workspaceTab.getAttribute('aria-selected')).resolves.toBe('true')
    await field('Project folder').waitFor()
    await page.keyboard.press('ArrowLeft')
    await expect(presetsTab.getAttribute('aria-selected')).resolves.toBe('true')
    await button('New preset').waitFor()
    await closeSettings()
    await openSettings()
  })

  it('creates a user preset with a model and a context limit', async () => {
    await openSettings()
    await button('New preset').click()
    await form('New preset').waitFor()
    await expect(field('Agent').inputValue()).resolves.toBe('claude')
    await field('Name').fill('e2e-worker')
    await field('Description').fill('Made by the e2e test')
    await field('Model').fill('haiku')
    await field('Context limit').fill('150000')
    await button('Save preset').click()

    await waitForRowText('e2e-worker', /yours/)
    await waitForRowText('e2e-worker', /model haiku · context 150k/)
    await dialog().getByRole('status').filter({ hasText: 'Saved preset e2e-worker.' }).waitFor()
    // The keyboard lands on the new row, still inside the dialog.
    await expect(button('Edit preset e2e-worker').evaluate((element) => element === document.activeElement)).resolves.toBe(true)
    // Exactly the two fields: nothing the user left empty reaches the host, not even "".
    const saved = (await userPresets()).find((preset) => preset.name === 'e2e-worker')
    expect(saved).toEqual({
      name: 'e2e-worker',
      kind: 'claude',
      description: 'Made by the e2e test',
      config: { model: 'haiku', contextLimit: 150_000 },
      origin: 'user'
    })
  })

  it('shows only the fields the chosen agent supports', async () => {
    await button('New preset').click()
    await form('New preset').waitFor()
    await expect(field('Permission mode').count()).resolves.toBe(1)
    await expect(field('Context limit').count()).resolves.toBe(1)

    await field('Agent').selectOption('codex')
    await field('Effort').waitFor()
    await expect(field('Effort').locator('option').allTextContents()).resolves.toEqual(['not set', 'low', 'medium', 'high'])
    for (const claudeOnly of ['Permission mode', 'Context limit', 'Allowed tools', 'Extra directories']) {
      await expect(field(claudeOnly).count()).resolves.toBe(0)
    }

    await field('Agent').selectOption('gemini')
    await field('Extra directories').waitFor()
    await expect(field('Effort').count()).resolves.toBe(0)
    await button('Cancel').click()
    await button('New preset').waitFor()
  })

  it("shows the host's error inline for a context limit below 100k, keeps the input and saves nothing", async () => {
    await button('Edit preset e2e-worker').click()
    await form('Edit preset e2e-worker').waitFor()
    await expect(field('Context limit').inputValue()).resolves.toBe('150000')
    await field('Context limit').fill('5000')
    await button('Save preset').click()

    // The host's wording: the preset's name, then what is wrong with which field.
    const error = dialog().getByRole('alert').filter({ hasText: 'Preset "e2e-worker" is invalid' })
    await error.waitFor()
    await expect(error.textContent()).resolves.toContain('contextLimit: Claude Code\'s auto-compact window cannot go below 100000 tokens')
    await expect(form('Edit preset e2e-worker').isVisible()).resolves.toBe(true)
    await expect(field('Context limit').inputValue()).resolves.toBe('5000')
    await expect(field('Context limit').getAttribute('aria-invalid')).resolves.toBe('true')
    expect((await userPresets()).find((preset) => preset.name === 'e2e-worker')?.config).toEqual({ model: 'haiku', contextLimit: 150_000 })

    await button('Cancel').click()
    await waitForRowText('e2e-worker', /context 150k/)
  })

  it('duplicates, renames and deletes a user preset', async () => {
    await button('Duplicate preset e2e-worker').click()
    await form('Duplicate of e2e-worker').waitFor()
    await expect(field('Name').inputValue()).resolves.toBe('e2e-worker-copy')
    await button('Save preset').click()
    await waitForRowText('e2e-worker-copy', /model haiku · context 150k/)
    await expect(userPresets().then((list) => list.map((preset) => preset.name).sort())).resolves.toEqual(['e2e-worker', 'e2e-worker-copy'])

    await button('Edit preset e2e-worker-copy').click()
    await form('Edit preset e2e-worker-copy').waitFor()
    await field('Name').fill('e2e-renamed')
    await button('Save preset').click()
    await waitForRowText('e2e-renamed', /yours/)
    await row('e2e-worker-copy').waitFor({ state: 'detached' })
    const afterRename = await userPresets()
    expect(afterRename.map((preset) => preset.name).sort()).toEqual(['e2e-renamed', 'e2e-worker'])
    expect(afterRename.find((preset) => preset.name === 'e2e-renamed')?.config).toEqual({ model: 'haiku', contextLimit: 150_000 })

    await button('Delete preset e2e-renamed').click()
    await button('Confirm delete preset e2e-renamed').click()
    await row('e2e-renamed').waitFor({ state: 'detached' })
    await dialog().getByRole('status').filter({ hasText: 'Deleted preset e2e-renamed.' }).waitFor()
    await expect(userPresets().then((list) => list.map((preset) => preset.name))).resolves.toEqual(['e2e-worker'])
  })

  it('refuses to reuse the name of another of your presets before asking the host', async () => {
    await button('New preset').click()
    await field('Name').fill('e2e-worker')
    await button('Save preset').click()
    await dialog().getByText('You already have a preset named "e2e-worker"').waitFor()
    await expect(field('Name').getAttribute('aria-invalid')).resolves.toBe('true')
    await button('Cancel').click()
    await expect(userPresets().then((list) => list.find((preset) => preset.name === 'e2e-worker')?.config)).resolves.toEqual({
      model: 'haiku',
      contextLimit: 150_000
    })
  })

  it('shadows a built-in when one is edited, and brings it back on delete', async () => {
    await button('Edit preset haiku-minimal').click()
    await form('Customise built-in haiku-minimal').waitFor()
    await field('Effort').selectOption('low')
    await button('Save preset').click()
    await waitForRowText('haiku-minimal', /yours, replaces built-in/)
    await expect(userPresets()).resolves.toContainEqual(expect.objectContaining({ name: 'haiku-minimal', origin: 'shadowing' }))

    const restore = button('Delete preset haiku-minimal (restore built-in)')
    await expect(restore.textContent()).resolves.toBe('Delete (restore built-in)')
    await restore.click()
    await button('Confirm delete preset haiku-minimal').click()
    await waitForRowText('haiku-minimal', /^(?!.*yours).*built-in/)
    await expect(row('haiku-minimal').getByRole('button', { name: /delete/i }).count()).resolves.toBe(0)
    await expect(userPresets().then((list) => list.map((preset) => preset.name))).resolves.toEqual(['e2e-worker'])
  })

  it('sets a workspace default model for the default folder', async () => {
    const { defaultCwd } = await host('app.info', {})
    await showTab('Workspace default')
    await expect(field('Project folder').inputValue()).resolves.toBe(defaultCwd)
    await dialog().locator('dd[data-kind="claude"]').filter({ hasText: 'no default' }).waitFor()
    await field('Model').fill('sonnet')
    await button('Save default').click()
    await dialog().getByRole('status').filter({ hasText: `Saved the Claude Code default for ${defaultCwd}.` }).waitFor()
    await expect(host('workspace.get', { folder: defaultCwd })).resolves.toEqual({ folder: defaultCwd, defaults: { claude: { model: 'sonnet' } }, problems: [] })

    // Reopened, the form shows what the host stored.
    await closeSettings()
    await openSettings()
    await showTab('Workspace default')
    await dialog().locator('dd[data-kind="claude"]').filter({ hasText: 'model sonnet' }).waitFor()
    await expect(field('Model').inputValue()).resolves.toBe('sonnet')

    await button('Clear the Claude Code default').click()
    await dialog().getByRole('status').filter({ hasText: 'Cleared the Claude Code default' }).waitFor()
    await expect(host('workspace.get', { folder: defaultCwd })).resolves.toEqual({ folder: defaultCwd, defaults: {}, problems: [] })
    await showTab('Presets')
  })

  it('lists a broken preset from the settings file at the top and deletes it', async () => {
    const file = join(served().dataDir, 'settings.json')
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { presets: unknown[] }
    settings.presets.push({ name: 'broken-one', kind: 'claude', config: { temperature: 0.2 } })
    writeFileSync(file, JSON.stringify(settings))

    await closeSettings()
    await openSettings()
    const banner = dialog().getByRole('alert').filter({ hasText: 'Preset broken-one' })
    await banner.waitFor()
    await expect(banner.textContent()).resolves.toContain('Claude Code does not support "temperature"')
    // Skipped, not listed: the good presets are still there.
    await expect(row('broken-one').count()).resolves.toBe(0)
    await waitForRowText('e2e-worker', /yours/)

    await button('Delete broken preset broken-one').click()
    await banner.waitFor({ state: 'detached' })
    await expect(host('presets.list', {}).then((catalog) => catalog.problems)).resolves.toEqual([])
    await closeSettings()
  })

  it('shows a workspace default the host skips in its tab, and clears it from there', async () => {
    const { defaultCwd } = await host('app.info', {})
    const file = join(served().dataDir, 'settings.json')
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(file, JSON.stringify({ ...settings, workspaces: { [defaultCwd]: { claude: { model: 'haiku', temperature: 1 } } } }))

    await openSettings()
    await showTab('Workspace default')
    const alert = dialog().getByRole('alert').filter({ hasText: 'not used, as invalid' })
    await alert.waitFor()
    await expect(alert.textContent()).resolves.toContain('Claude Code does not support "temperature"')
    await dialog().locator('dd[data-kind="claude"]').filter({ hasText: 'invalid, not used' }).waitFor()
    await button('Clear the Claude Code default').click()
    await alert.waitFor({ state: 'detached' })
    await expect(host('workspace.get', { folder: defaultCwd })).resolves.toEqual({ folder: defaultCwd, defaults: {}, problems: [] })
    await showTab('Presets')
    await closeSettings()
  })

  it('reports a settings file it could not read until the file holds good settings again', async () => {
    const file = join(served().dataDir, 'settings.json')
    const good = readFileSync(file, 'utf8')
    await openSettings()
    writeFileSync(file, '{"presets": [oops')
    const banner = dialog().getByRole('alert').filter({ hasText: 'The settings file could not be read' })
    await banner.waitFor()
    writeFileSync(file, good)
    await banner.waitFor({ state: 'detached' })
    await waitForRowText('e2e-worker', /yours/)
    await closeSettings()
  })

  it('sets scrollback and font size in the Terminal tab, applied when a field is left', async () => {
    const [shell] = (await host('pane.list', {})).filter((pane) => pane.kind === 'shell')
    if (!shell) throw new Error('no shell pane')
    const terminal = page.locator(`[data-pane-id="${shell.id}"]`)
    await openSettings()
    await showTab('Terminal')
    await field('Scrollback lines').fill('abc')
    await dialog().getByText('Scrollback must be a whole number').waitFor()
    await field('Scrollback lines').fill('20')
    await field('Scrollback lines').press('Enter')
    await field('Font size').fill('22')
    await field('Font size').press('Tab') // leaving the field applies it
    await closeSettings()

    // A bigger font leaves fewer columns, and main hears of it.
    const paneCols = async (): Promise<number> => (await host('pane.list', {})).find((pane) => pane.id === shell.id)?.cols ?? 0
    for (let cols = await paneCols(); cols >= shell.cols; cols = await paneCols()) await page.waitForTimeout(50)

    // Only the last 20 lines above the screen are kept: an early line is gone, a late one is found.
    await terminal.locator('.xterm-screen').click()
    await page.keyboard.type("seq -f 'sb-line-%03g' 1 200")
    await page.keyboard.press('Enter')
    await terminal.locator('.xterm-rows > div').filter({ hasText: /^sb-line-200\s*$/ }).waitFor()
    await page.keyboard.press('Control+Shift+F')
    const findBar = terminal.getByRole('search', { name: 'Find in pane' })
    const query = findBar.getByRole('textbox', { name: 'Find' })
    await query.fill('sb-line-007')
    await findBar.getByText('No results').waitFor()
    await query.fill('sb-line-150')
    await findBar.getByText('1 of 1').waitFor()
    await page.keyboard.press('Escape')

    await openSettings()
    await showTab('Terminal')
    await button('Reset to defaults').click()
    await expect(field('Scrollback lines').inputValue()).resolves.toBe('10000')
    await closeSettings()
  })

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([])
  })
})
