import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge.ts'
import type { Layout } from '../../src/shared/layout.ts'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServePlaces, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// The host is killed (SIGKILL) under an open page and a new one starts on the same data dir,
// HOME and port. The page, never reloaded, reconnects by itself and shows the same two panes,
// each with its saved screen marked "Restored from …" until its new shell draws.
//
// The restored shells wait for a gate file before drawing their first prompt (PROMPT_COMMAND,
// inherited from the second host), so the marked saved screen stays up until the test has seen
// it, instead of for however long a shell takes to start.

const WAIT_MS = 20_000
/** The browser's own report of each try that found the host down, expected while it is away. */
const HOST_AWAY = /^console: Failed to load resource: net::ERR_CONNECTION_REFUSED/

let browser: Browser | undefined
let first: ServeProcess | undefined
let second: ServeProcess | undefined
let third: ServeProcess | undefined
let page: Page
let problems: string[] = []
const scratch = mkdtempSync(join(tmpdir(), 'tessera-restore-'))
const places: ServePlaces = { home: join(scratch, 'home'), dataDir: join(scratch, 'data') }
const gate = join(scratch, 'shells-may-draw')
/** The left and right pane, and what each printed before the host was killed. */
const panesBefore = [
  { id: '', marker: 'before-restart-41', command: 'echo before-restart-$((40+1))' },
  { id: '', marker: 'before-restart-42', command: 'echo before-restart-$((40+2))' }
]
let layoutBefore: Layout | undefined

beforeAll(async () => {
  mkdirSync(places.home, { recursive: true })
  first = await startServe([], {}, places)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(first.url)
  await page.locator('section.pane').first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await third?.stop()
  await second?.stop()
  await first?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

function call<N extends CallName>(serve: ServeProcess | undefined, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call(name, input))
}

const section = (paneId: string): Locator => page.locator(`section.pane[data-pane-id="${paneId}"]`)
const paneIdsOnPage = (): Promise<string[]> => page.locator('section.pane').evaluateAll((all) => all.map((el) => el.getAttribute('data-pane-id') ?? ''))

async function waitForPaneRow(paneId: string, pattern: RegExp): Promise<void> {
  await section(paneId).locator('.xterm-rows > div').filter({ hasText: pattern }).first().waitFor()
}

async function typeIn(paneId: string, command: string): Promise<void> {
  await section(paneId).locator('.xterm').click()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}

/** The text of the pane's saved screen file, '' until there is one. */
function savedScreen(dataDir: string, paneId: string): string {
  const file = join(dataDir, 'state', 'screens', `${paneId}.json`)
  return existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { data?: string }).data ?? '') : ''
}

/** Every pane's restored label the page showed, with what that pane's terminal showed meanwhile. */
async function recordRestoredLabels(): Promise<() => Promise<Record<string, { labels: string[]; screens: string[] }>>> {
  await page.evaluate(() => {
    const seen: Record<string, { labels: string[]; screens: string[] }> = {}
    const alerts = new Set<string>()
    const record = (): void => {
      for (const alert of Array.from(document.querySelectorAll('[role="alert"]'))) alerts.add(alert.textContent ?? '')
      for (const label of Array.from(document.querySelectorAll('[data-testid="restored-label"]'))) {
        const pane = label.closest('section.pane')
        const id = pane?.getAttribute('data-pane-id') ?? '?'
        const entry = (seen[id] ??= { labels: [], screens: [] })
        const text = label.textContent ?? ''
        const screen = Array.from(pane?.querySelectorAll('.xterm-rows > div') ?? []).map((row) => row.textContent ?? '').join('\n')
        if (entry.labels.at(-1) !== text) entry.labels.push(text)
        if (entry.screens.at(-1) !== screen) entry.screens.push(screen)
      }
    }
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
    Object.defineProperty(window, 'restoredSeen', { value: seen })
    Object.defineProperty(window, 'alertsSeen', { value: alerts })
    // Gone if the page reloads: the test checks it is still there.
    Object.defineProperty(window, 'sameDocument', { value: true })
  })
  return () => page.evaluate(() => (window as unknown as { restoredSeen: Record<string, { labels: string[]; screens: string[] }> }).restoredSeen)
}

describe('the page across a host killed and started again', () => {
  it('two shells side by side print their markers, and the host saves their screens', async () => {
    const [left, right] = panesBefore as [(typeof panesBefore)[number], (typeof panesBefore)[number]]
    left.id = (await paneIdsOnPage())[0] ?? ''
    await waitForPaneRow(left.id, PROMPT_ROW)
    await section(left.id).locator('.xterm').click()
    await page.keyboard.press('Control+Shift+E')
    await page.locator('section.pane').nth(1).waitFor()
    right.id = (await paneIdsOnPage()).find((id) => id !== left.id) ?? ''
    await waitForPaneRow(right.id, PROMPT_ROW)
    for (const pane of panesBefore) {
      await typeIn(pane.id, pane.command)
      await waitForPaneRow(pane.id, new RegExp(`^${pane.marker}\\s*$`))
    }
    for (const pane of panesBefore) {
      await expect.poll(() => savedScreen(places.dataDir, pane.id), { timeout: WAIT_MS, interval: 100 }).toContain(pane.marker)
    }
    layoutBefore = await call(first, 'layout.get', {})
    expect(layoutBefore.root).toMatchObject({ type: 'split', direction: 'row', children: [{ paneId: left.id }, { paneId: right.id }] })
  })

  it('reconnects by itself to the new host and shows each saved screen, marked restored, until its shell draws', async () => {
    const seen = await recordRestoredLabels()
    await first?.stop('SIGKILL')
    await page.getByRole('alert').filter({ hasText: 'Disconnected from the Tessera host. Reconnecting' }).waitFor()
    expect(await page.locator('.app[data-disconnected]').count()).toBe(1)

    const gateLoop = `while [ ! -e '${gate}' ]; do sleep 0.05; done`
    second = await startServe([], { PROMPT_COMMAND: gateLoop }, { ...places, port: first?.port ?? 0 })
    expect(second.token).toBe(first?.token)

    // Reconnected: the banner and the greying are gone, with no reload.
    await page.getByRole('alert').filter({ hasText: 'Disconnected' }).waitFor({ state: 'detached' })
    await page.locator('.app[data-disconnected]').waitFor({ state: 'detached' })
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)

    // Same panes in the same split, each showing its saved screen under the label.
    expect(await paneIdsOnPage()).toEqual(panesBefore.map((pane) => pane.id))
    expect(await call(second, 'layout.get', {})).toEqual(layoutBefore)
    expect(await page.locator('.split[data-direction="row"]').count()).toBe(1)
    for (const pane of panesBefore) {
      const label = section(pane.id).getByTestId('restored-label')
      await label.waitFor()
      expect(await label.textContent()).toMatch(/^Restored from \d\d:\d\d$/)
      expect(await label.getAttribute('title')).toContain('saved before Tessera stopped')
      await waitForPaneRow(pane.id, new RegExp(`^${pane.marker}\\s*$`))
      expect(await section(pane.id).locator('.pane-body[data-restored]').count()).toBe(1)
    }
    const recorded = await seen()
    for (const pane of panesBefore) {
      expect(recorded[pane.id]?.labels).toEqual([expect.stringMatching(/^Restored from \d\d:\d\d$/)])
      expect(recorded[pane.id]?.screens.some((screen) => screen.includes(pane.marker))).toBe(true)
    }
    // Restored without trouble: no recovery report to show.
    expect(await page.getByRole('status', { name: 'Recovery report' }).count()).toBe(0)
    // While the host was away, only the banner spoke: no pane call failing for want of a connection said so too.
    const alerts = await page.evaluate(() => [...(window as unknown as { alertsSeen: Set<string> }).alertsSeen])
    expect(alerts.filter((text) => !text.startsWith('Disconnected from the Tessera host'))).toEqual([])
  })

  it('takes the label away once the shells draw, and the live shells work', async () => {
    writeFileSync(gate, '')
    for (const pane of panesBefore) {
      await section(pane.id).getByTestId('restored-label').waitFor({ state: 'detached' })
      await waitForPaneRow(pane.id, PROMPT_ROW)
      expect(await section(pane.id).locator('.pane-body[data-restored]').count()).toBe(0)
    }
    const [left, right] = panesBefore.map((pane) => pane.id) as [string, string]
    await typeIn(left, 'echo after-restart-$((1+1))')
    await waitForPaneRow(left, /^after-restart-2\s*$/)
    await typeIn(right, 'echo after-restart-$((1+2))')
    await waitForPaneRow(right, /^after-restart-3\s*$/)
    expect((await call(second, 'pane.list', {})).every((pane) => pane.restored === undefined)).toBe(true)
  })

  it('turns restoring on start off and on from the settings dialog', async () => {
    await page.getByRole('button', { name: 'Presets and settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Presets and settings' })
    await dialog.getByRole('tab', { name: 'Terminal' }).click()
    const box = dialog.getByRole('checkbox', { name: /Restore panes on start/ })
    await expect.poll(() => box.isChecked()).toBe(true)
    await box.uncheck()
    await expect.poll(async () => (await call(second, 'restoreOnStart.get', {})).enabled).toBe(false)
    await box.check()
    await expect.poll(async () => (await call(second, 'restoreOnStart.get', {})).enabled).toBe(true)
    await page.keyboard.press('Escape')
  })

  it('after a start with --fresh, says where the saved workspace was kept, until dismissed', async () => {
    const restoredIds = panesBefore.map((pane) => pane.id)
    await second?.stop('SIGTERM')
    third = await startServe(['--fresh'], {}, { ...places, port: second?.port ?? 0 })
    const report = page.getByRole('status', { name: 'Recovery report' })
    await report.waitFor()
    expect(await report.textContent()).toContain(join(places.dataDir, 'state', 'set-aside-'))
    // An empty grid, so the page opened a new shell there.
    await page.locator('section.pane').first().waitFor()
    expect((await paneIdsOnPage()).some((id) => restoredIds.includes(id))).toBe(false)
    await report.getByRole('button', { name: 'Dismiss' }).click()
    await report.waitFor({ state: 'detached' })
    expect(problems.filter((problem) => !HOST_AWAY.test(problem))).toEqual([])
  })
})
