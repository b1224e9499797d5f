import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// Folders as a user meets them in browser mode: serve's --cwd is the workspace folder
// the toolbar shows; New pane starts a pane in a folder typed in its dialog; a split
// follows the shell's `cd`; a pane whose folder was deleted offers to choose another.
// The tests share one tab and run in file order, like one user session.

const WAIT_MS = 10_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let context: BrowserContext | undefined
let page: Page
let problems: string[] = []
// Short paths: `pwd` must fit on one row of a pane a quarter of the window wide.
const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'tw-')))
const chosen = join(workspace, 'chosen')
const doomed = join(workspace, 'doomed')
const rescue = join(workspace, 'rescue')

beforeAll(async () => {
  for (const folder of [chosen, join(chosen, 'sub'), doomed, rescue]) mkdirSync(folder, { recursive: true })
  browser = await launchChromium()
  serve = await startServe(['--cwd', workspace])
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await waitForRow(panes().first(), PROMPT_ROW)
})

afterAll(async () => {
  await context?.close()
  await serve?.stop()
  await browser?.close()
  rmSync(workspace, { recursive: true, force: true })
})

const panes = (): Locator => page.locator('section.pane')
const focusedPane = (): Locator => page.locator('section.pane[data-focused]')
const dialog = (): Locator => page.getByRole('dialog')

async function waitForRow(target: Locator, pattern: RegExp | string): Promise<void> {
  await target.locator('.xterm-rows > div').filter({ hasText: pattern }).first().waitFor()
}

/** Waits for exactly `count` panes and returns the focused one (a new pane takes focus). */
async function focusedOf(count: number): Promise<Locator> {
  await panes().nth(count - 1).waitFor()
  await panes().nth(count).waitFor({ state: 'detached' })
  const id = await focusedPane().getAttribute('data-pane-id')
  const target = page.locator(`section.pane[data-pane-id="${id}"]`)
  await waitForRow(target, PROMPT_ROW)
  return target
}

async function typeIn(target: Locator, command: string): Promise<void> {
  await target.locator('.xterm-screen').click()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}

describe('folders in browser mode', () => {
  it('shows the workspace folder from --cwd and starts the first pane there', async () => {
    await page.getByRole('button', { name: `Workspace folder ${workspace}` }).waitFor()
    const first = panes().first()
    await typeIn(first, 'echo "first:$(pwd)"')
    await waitForRow(first, `first:${workspace}`)
  })

  it('starts a new pane in the folder typed in the New pane dialog (pwd shows it)', async () => {
    await page.getByRole('button', { name: 'New pane', exact: true }).click()
    const field = dialog().getByRole('combobox', { name: 'Folder' })
    await expect(field.inputValue()).resolves.toBe(workspace)
    // The field completes from the host's folders.
    await field.fill(join(workspace, 'cho'))
    await dialog().locator(`datalist option[value="${chosen}"]`).waitFor({ state: 'attached' })
    await field.fill(chosen)
    await dialog().getByRole('button', { name: 'Shell', exact: true }).click()
    await dialog().waitFor({ state: 'detached' })
    const created = await focusedOf(2)
    await typeIn(created, 'pwd')
    await waitForRow(created, new RegExp(`^${chosen}\\s*$`))
    // Next time the dialog offers it among the recent folders.
    await page.getByRole('button', { name: 'New pane', exact: true }).click()
    await dialog().getByRole('group', { name: 'Recent folders' }).getByRole('button', { name: 'chosen' }).waitFor()
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
  })

  it("splits into the shell's folder after a cd, and the header follows the cd", async () => {
    const source = focusedPane()
    const sourceId = await source.getAttribute('data-pane-id')
    await typeIn(source, 'cd sub')
    await page.locator(`section.pane[data-pane-id="${sourceId}"][aria-label$="· sub"]`).waitFor()
    await page.keyboard.press('Control+Shift+E')
    const split = await focusedOf(3)
    await expect(split.getAttribute('aria-label')).resolves.toMatch(/· sub$/)
    await typeIn(split, 'pwd')
    await waitForRow(split, new RegExp(`^${join(chosen, 'sub')}\\s*$`))
  })

  it('offers another folder to a pane whose folder was deleted, and restarts it there', async () => {
    await page.getByRole('button', { name: 'New pane', exact: true }).click()
    await dialog().getByRole('combobox', { name: 'Folder' }).fill(doomed)
    await dialog().getByRole('button', { name: 'Shell', exact: true }).click()
    const target = await focusedOf(4)
    rmSync(doomed, { recursive: true })
    await typeIn(target, 'echo poke')
    const banner = target.getByRole('alert').filter({ hasText: `The folder ${doomed} no longer exists.` })
    await banner.waitFor()
    // A split from it cannot start there: the New pane dialog opens to choose a folder.
    await page.keyboard.press('Control+Shift+O')
    await dialog().getByRole('alert').filter({ hasText: `The folder ${doomed} no longer exists.` }).waitFor()
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
    await expect(panes().count()).resolves.toBe(4)

    await banner.getByRole('button', { name: 'Choose another folder…' }).click()
    await dialog().getByRole('combobox', { name: 'Folder' }).fill(rescue)
    await dialog().getByRole('button', { name: 'Restart here' }).click()
    await dialog().waitFor({ state: 'detached' })
    await banner.waitFor({ state: 'detached' })
    await waitForRow(target, PROMPT_ROW)
    await typeIn(target, 'echo "rescued:$(pwd)"')
    await waitForRow(target, `rescued:${rescue}`)
    expect(problems).toEqual([])
  })
})
