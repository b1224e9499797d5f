import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge.ts'
import type { Layout } from '../../src/shared/layout.ts'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { processState } from '../support/processes.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// The tiled grid as a user drives it in browser mode: split by key and by button,
// a command per pane, drag a divider, zoom, search, close, the help overlay.
// The tests share one tab and run in file order, like one user session.

const WAIT_MS = 10_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let context: BrowserContext | undefined
let page: Page
let problems: string[] = []
/** Pane ids by role: a = first pane (top left), b = top right, c = bottom right, d = bottom left, e = from the picker. */
const ids = { a: '', b: '', c: '', d: '', e: '' }

beforeAll(async () => {
  browser = await launchChromium()
  serve = await startServe()
  context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write']
  })
  page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await waitForPaneRow(pane(await onlyPaneId()), PROMPT_ROW)
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

// ------------------------------------------------------------ page helpers

const panes = (): Locator => page.locator('section.pane')
const pane = (paneId: string): Locator => page.locator(`section.pane[data-pane-id="${paneId}"]`)
const focusedPane = (): Locator => page.locator('section.pane[data-focused]')

async function paneIdsOnPage(): Promise<string[]> {
  return panes().evaluateAll((sections) => sections.map((section) => section.getAttribute('data-pane-id') ?? ''))
}

async function onlyPaneId(): Promise<string> {
  await panes().first().waitFor({ timeout: WAIT_MS })
  const [first] = await paneIdsOnPage()
  if (!first) throw new Error('no pane on the page')
  return first
}

async function waitForPaneCount(count: number): Promise<void> {
  // `nth(count)` absent and `nth(count - 1)` present: exactly `count` panes.
  await panes().nth(count - 1).waitFor({ timeout: WAIT_MS })
  await panes().nth(count).waitFor({ state: 'detached', timeout: WAIT_MS })
}

/** Waits until one row of that pane's terminal matches; the wait itself is the assertion. */
async function waitForPaneRow(target: Locator, pattern: RegExp, timeout = WAIT_MS): Promise<void> {
  await target.locator('.xterm-rows > div').filter({ hasText: pattern }).first().waitFor({ timeout })
}

async function rowCount(target: Locator, pattern: RegExp): Promise<number> {
  return target.locator('.xterm-rows > div').filter({ hasText: pattern }).count()
}

async function typeIn(paneId: string, command: string): Promise<void> {
  await pane(paneId).locator('.xterm-screen').click()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}

/** The id of the pane that appeared since `before`. */
async function newPaneId(before: string[]): Promise<string> {
  await waitForPaneCount(before.length + 1)
  const added = (await paneIdsOnPage()).find((id) => !before.includes(id))
  if (!added) throw new Error('no new pane appeared')
  await waitForPaneRow(pane(added), PROMPT_ROW)
  return added
}

async function focusedId(): Promise<string | null> {
  return focusedPane().getAttribute('data-pane-id')
}

/** Asks the pane's shell for its width; a fresh marker each time so old rows never count. */
let probe = 0
async function shellCols(paneId: string): Promise<number> {
  probe += 1
  const marker = `cols${probe}x`
  await typeIn(paneId, `echo ${marker}$(tput cols)`)
  const row = pane(paneId).locator('.xterm-rows > div').filter({ hasText: new RegExp(`^${marker}\\d+\\s*$`) })
  await row.first().waitFor({ timeout: WAIT_MS })
  return Number((await row.first().textContent())?.trim().slice(marker.length))
}

/** Polls a condition that has no event to wait on (a process ending, a PTY size settling). */
async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`)
    // Yield to I/O between reads (not a delay: the next read starts as soon as the loop is free).
    await new Promise((resolve) => setImmediate(resolve))
  }
}

// ------------------------------------------------------------ the session

describe('the tiled grid in Chromium', () => {
  it('splits into four panes by keyboard and by button, focusing each new pane', async () => {
    ids.a = await onlyPaneId()
    await expect(focusedId()).resolves.toBe(ids.a)

    await typeIn(ids.a, '')
    await page.keyboard.press('Control+Shift+E')
    ids.b = await newPaneId([ids.a])
    await expect(focusedId()).resolves.toBe(ids.b)

    await page.keyboard.press('Control+Shift+O')
    ids.c = await newPaneId([ids.a, ids.b])
    await expect(focusedId()).resolves.toBe(ids.c)

    await pane(ids.a).getByRole('button', { name: 'Split down' }).click()
    ids.d = await newPaneId([ids.a, ids.b, ids.c])
    await expect(focusedId()).resolves.toBe(ids.d)
    await expect(focusedPane().count()).resolves.toBe(1)

    // A 2×2 grid: a and d share a column, b and c the other; a and b share the top row.
    const [a, b, c, d] = await Promise.all([ids.a, ids.b, ids.c, ids.d].map((id) => pane(id).boundingBox()))
    expect(a && b && c && d).toBeTruthy()
    if (!a || !b || !c || !d) return
    expect(Math.abs(a.x - d.x)).toBeLessThan(2)
    expect(Math.abs(b.x - c.x)).toBeLessThan(2)
    expect(b.x).toBeGreaterThan(a.x + a.width - 2)
    expect(Math.abs(a.y - b.y)).toBeLessThan(2)
    expect(d.y).toBeGreaterThan(a.y + a.height - 2)
  })

  it('runs a different command in each pane and shows each output only in its own pane', async () => {
    const words = { a: 'one', b: 'two', c: 'three', d: 'four' } as const
    const keys = ['a', 'b', 'c', 'd'] as const
    for (const [i, key] of keys.entries()) await typeIn(ids[key], `echo pane-${words[key]}-$((${i}+1))`)
    for (const [i, key] of keys.entries()) {
      // Only the shell's output is exactly this; the echoed command still shows `$((…))`.
      const output = new RegExp(`^pane-${words[key]}-${i + 1}\\s*$`)
      await waitForPaneRow(pane(ids[key]), output)
      for (const other of keys.filter((k) => k !== key)) await expect(rowCount(pane(ids[other]), output)).resolves.toBe(0)
    }
  })

  it('moves focus with Ctrl+Shift+arrows and cycles with Ctrl+Shift+] and [', async () => {
    await typeIn(ids.a, '')
    const steps: [string, string][] = [
      ['Control+Shift+ArrowRight', ids.b],
      ['Control+Shift+ArrowDown', ids.c],
      ['Control+Shift+ArrowLeft', ids.d],
      ['Control+Shift+ArrowUp', ids.a],
      // Reading order is a, d (left column), b, c (right column).
      ['Control+Shift+BracketRight', ids.d],
      ['Control+Shift+BracketLeft', ids.a]
    ]
    for (const [key, expected] of steps) {
      await page.keyboard.press(key)
      await until(focusedId, (id) => id === expected, `focus on ${expected} after ${key}`)
    }
    // The keyboard really is in the focused pane, not just its ring.
    await page.keyboard.press('Control+Shift+ArrowRight')
    await until(focusedId, (id) => id === ids.b, 'focus on b')
    await page.keyboard.type('echo typed-into-$((40+2))')
    await page.keyboard.press('Enter')
    await waitForPaneRow(pane(ids.b), /^typed-into-42\s*$/)
    await expect(rowCount(pane(ids.a), /^typed-into-42\s*$/)).resolves.toBe(0)
  })

  it('swaps the focused pane with its neighbour by Ctrl+Alt+Shift+arrow, keeping focus and output', async () => {
    await until(focusedId, (id) => id === ids.b, 'focus on b')
    const leftOf = async (first: string, second: string): Promise<boolean> => {
      const [one, two] = await Promise.all([pane(first).boundingBox(), pane(second).boundingBox()])
      return !!one && !!two && one.x + one.width <= two.x + 2
    }
    await page.keyboard.press('Control+Alt+Shift+ArrowLeft')
    await until(() => leftOf(ids.b, ids.a), (swapped) => swapped, 'b left of a')
    await expect(focusedId()).resolves.toBe(ids.b)
    // The moved terminal kept its scrollback (it was re-parented, not remounted).
    await waitForPaneRow(pane(ids.b), /^typed-into-42\s*$/)
    await page.keyboard.press('Control+Alt+Shift+ArrowRight')
    await until(() => leftOf(ids.a, ids.b), (back) => back, 'a left of b again')
  })

  it('moves a pane by dragging its title onto another pane, and back', async () => {
    const leftOf = async (first: string, second: string): Promise<boolean> => {
      const [one, two] = await Promise.all([pane(first).boundingBox(), pane(second).boundingBox()])
      return !!one && !!two && one.x + one.width <= two.x + 2
    }
    // The middle of the target swaps the two panes.
    await pane(ids.a).locator('.pane-grip').dragTo(pane(ids.b).locator('.pane-body'))
    await until(() => leftOf(ids.b, ids.a), (swapped) => swapped, 'b left of a after the drag')
    await expect(focusedId()).resolves.toBe(ids.a)
    await waitForPaneRow(pane(ids.b), /^typed-into-42\s*$/)
    await pane(ids.a).locator('.pane-grip').dragTo(pane(ids.b).locator('.pane-body'))
    await until(() => leftOf(ids.a, ids.b), (back) => back, 'a left of b again')
    await expect(page.locator('.drop-zone').count()).resolves.toBe(0)
  })

  it('drags the middle divider: the left pane gets fewer columns and main keeps the new sizes', async () => {
    const before = await shellCols(ids.a)
    const divider = page.locator('main.grid > [data-group] > [role="separator"]')
    const box = await divider.boundingBox()
    if (!box) throw new Error('no divider between the two columns')
    const x = box.x + box.width / 2
    const y = box.y + box.height / 2
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x - 300, y, { steps: 10 })
    await page.mouse.up()

    const after = await until(() => shellCols(ids.a), (cols) => cols < before - 20, 'the left pane to narrow')
    expect(after).toBeLessThan(before)
    const layout = await until(() => bridge('layout.get', {}), (l) => rootSizes(l)[0] < 45, 'main to store the drag')
    expect(rootSizes(layout)[0]).toBeGreaterThan(15)

    // A double click on the divider asks main to even the sizes out again, and the grid follows.
    const again = await divider.boundingBox()
    if (!again) throw new Error('divider gone after the drag')
    await page.mouse.dblclick(again.x + again.width / 2, again.y + again.height / 2)
    await until(() => bridge('layout.get', {}), (l) => Math.abs(rootSizes(l)[0] - 50) < 0.5, 'main to equalize')
    const widths = async (): Promise<number[]> =>
      Promise.all([ids.a, ids.b].map(async (id) => (await pane(id).boundingBox())?.width ?? 0))
    await until(widths, ([a = 0, b = 0]) => a > 0 && Math.abs(a - b) < 4, 'the two columns to be equally wide')
  })

  it('draws plain text without a letter-spacing per span once the resized panes have settled', async () => {
    // xterm.js' DOM renderer keeps a default letter-spacing that goes stale when the column
    // count changes (TerminalController.respace renews it); stale, every span of plain
    // ASCII carries an inline one of its own, for good. A glyph from a fallback font may
    // rightly need its own, so only ASCII spans count; a redraw under way may pass.
    const spacedAscii = (): Promise<{ ascii: number; spaced: number }> =>
      page.locator('.xterm-rows span').evaluateAll((spans) => {
        const ascii = spans.filter((span) => /^[\x20-\x7e\u00a0]+$/.test(span.textContent ?? ''))
        return { ascii: ascii.length, spaced: ascii.filter((span) => span.style.letterSpacing !== '').length }
      })
    const settled = await until(spacedAscii, ({ ascii, spaced }) => ascii > 0 && spaced === 0, 'ASCII spans without their own letter-spacing')
    expect(settled.spaced).toBe(0)
  })

  it('shows a terminal scrollbar in the focused pane and the hovered one, never in the others', async () => {
    // Scrollbars flashing in background floods cost the page a fifth of its main thread.
    const showing = (paneId: string): Promise<boolean> =>
      pane(paneId)
        .locator('.xterm-scrollable-element > .scrollbar.vertical')
        .evaluate((bar) => getComputedStyle(bar).display !== 'none')
    await pane(ids.a).locator('.xterm-screen').click()
    await expect(showing(ids.a)).resolves.toBe(true)
    await expect(showing(ids.b)).resolves.toBe(false)
    await pane(ids.b).locator('.xterm-screen').hover()
    await expect(showing(ids.b)).resolves.toBe(true)
    await expect(showing(ids.c)).resolves.toBe(false)
  })

  it('zooms a pane over the whole grid and back without remounting its terminal', async () => {
    await typeIn(ids.a, 'for i in $(seq 1 120); do echo zoom-mark-$i; done')
    await waitForPaneRow(pane(ids.a), /^zoom-mark-120\s*$/)
    // Tag the live xterm element: the same element after unzoom proves it never remounted.
    await pane(ids.a).locator('.xterm').evaluate((element) => element.setAttribute('data-probe', 'kept'))

    await pane(ids.a).getByRole('button', { name: 'Zoom pane' }).click()
    await waitForPaneCount(1)
    const grid = await page.locator('main.grid').boundingBox()
    const zoomed = await pane(ids.a).boundingBox()
    if (!grid || !zoomed) throw new Error('grid or zoomed pane not visible')
    expect(zoomed.width).toBeGreaterThan(grid.width - 20)
    expect(zoomed.height).toBeGreaterThan(grid.height - 20)
    await expect(pane(ids.a).getByRole('button', { name: 'Unzoom pane' }).getAttribute('aria-pressed')).resolves.toBe('true')

    await page.keyboard.press('Control+Shift+Z')
    await waitForPaneCount(4)
    await expect(pane(ids.a).locator('.xterm[data-probe="kept"]').count()).resolves.toBe(1)
    // Earlier output is still there: on screen, and the first lines up in the scrollback.
    await waitForPaneRow(pane(ids.a), /^zoom-mark-120\s*$/)
    await expect(rowCount(pane(ids.a), /^zoom-mark-1\s*$/)).resolves.toBe(0)
    await pane(ids.a).locator('.xterm-screen').click()
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+PageUp')
    await waitForPaneRow(pane(ids.a), /^zoom-mark-1\s*$/)
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+PageDown')
    await waitForPaneRow(pane(ids.a), /^zoom-mark-120\s*$/)
  })

  it('finds an early line in 200 lines of scrollback with the find bar', async () => {
    await typeIn(ids.b, 'for i in $(seq -w 1 200); do echo numbered-line-$i; done')
    await waitForPaneRow(pane(ids.b), /^numbered-line-200\s*$/)
    await expect(rowCount(pane(ids.b), /^numbered-line-007\s*$/)).resolves.toBe(0)

    await page.keyboard.press('Control+Shift+F')
    const findBar = pane(ids.b).getByRole('search', { name: 'Find in pane' })
    await findBar.getByRole('textbox', { name: 'Find' }).fill('numbered-line-007')
    await page.keyboard.press('Enter')
    // The match scrolls into view, and the addon counts exactly one.
    await waitForPaneRow(pane(ids.b), /^numbered-line-007\s*$/)
    await findBar.getByText('1 of 1').waitFor({ timeout: WAIT_MS })

    await page.keyboard.press('Escape')
    await findBar.waitFor({ state: 'detached', timeout: WAIT_MS })
    await until(focusedId, (id) => id === ids.b, 'focus back in b')
  })

  it('closes a pane by button and one by key, and their processes are gone', async () => {
    const pids = new Map((await bridge('pane.list', {})).map((info) => [info.id, info.pid]))
    const pidD = pids.get(ids.d)
    const pidC = pids.get(ids.c)
    if (pidD === undefined || pidC === undefined) throw new Error(`missing pids in ${JSON.stringify([...pids])}`)
    expect(processState(pidD)).toBe('alive')

    await pane(ids.d).getByRole('button', { name: 'Close pane' }).click()
    await waitForPaneCount(3)
    await until(() => processState(pidD), (state) => state === 'ESRCH', 'the closed pane process to end')

    await typeIn(ids.c, '')
    await page.keyboard.press('Control+Shift+X')
    await waitForPaneCount(2)
    await until(() => processState(pidC), (state) => state === 'ESRCH', 'the second closed pane process to end')
    // Focus lands on a pane that is still there, and the tree changes did not remount a's terminal.
    await expect(focusedPane().count()).resolves.toBe(1)
    await expect(pane(ids.a).locator('.xterm[data-probe="kept"]').count()).resolves.toBe(1)
  })

  it('lists the keymap in the help overlay (F1 or Ctrl+Shift+/), closed by Esc', async () => {
    await page.keyboard.press('F1')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.waitFor({ timeout: WAIT_MS })
    const expected: [string, string][] = [
      ['Split right', 'Ctrl+Shift+E'],
      ['Split down', 'Ctrl+Shift+O'],
      ['Focus pane to the left', 'Ctrl+Shift+←'],
      ['Next pane', 'Ctrl+Shift+]'],
      ['Zoom / unzoom pane', 'Ctrl+Shift+Z'],
      ['Close pane', 'Ctrl+Shift+X'],
      ['New pane (choose agent)', 'Ctrl+Shift+A'],
      ['Find in pane', 'Ctrl+Shift+F'],
      ['Keyboard shortcuts', 'F1']
    ]
    for (const [action, keys] of expected) {
      await expect(help.getByRole('row').filter({ hasText: action }).first().textContent()).resolves.toContain(keys)
    }
    await expect(help.getByRole('row').count()).resolves.toBeGreaterThanOrEqual(19)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached', timeout: WAIT_MS })

    await page.keyboard.press('Control+Shift+Slash')
    await help.waitFor({ timeout: WAIT_MS })
    await help.getByRole('button', { name: 'Close' }).click()
    await help.waitFor({ state: 'detached', timeout: WAIT_MS })
  })

  it('opens a new pane from the agent picker, missing agents disabled with an install hint', async () => {
    await page.keyboard.press('Control+Shift+A')
    const picker = page.getByRole('dialog', { name: 'New pane' })
    await picker.waitFor({ timeout: WAIT_MS })
    const shell = picker.getByRole('button', { name: /Shell/ })
    await shell.waitFor({ timeout: WAIT_MS })
    await expect(shell.isEnabled()).resolves.toBe(true)
    for (const agent of await bridge('agents.list', {})) {
      const option = picker.getByRole('button', { name: agent.label, exact: false }).first()
      await expect(option.isDisabled()).resolves.toBe(!agent.available)
      if (!agent.available && agent.installHint) await picker.getByText(agent.installHint).waitFor({ timeout: WAIT_MS })
    }
    const before = await paneIdsOnPage()
    await shell.click()
    ids.e = await newPaneId(before)
    await expect(focusedId()).resolves.toBe(ids.e)
  })

  it('shows the exit code and a Restart button when a pane exits, and restarts it', async () => {
    await typeIn(ids.e, 'exit 3')
    const header = pane(ids.e).locator('.pane-header')
    await header.getByText('Exited with code 3').waitFor({ timeout: WAIT_MS })
    await header.getByRole('button', { name: 'Restart pane' }).click()
    await header.getByText('Exited with code 3').waitFor({ state: 'detached', timeout: WAIT_MS })
    await typeIn(ids.e, 'echo restarted-$((5+5))')
    await waitForPaneRow(pane(ids.e), /^restarted-10\s*$/)
  })

  it('copies a selection with Ctrl+Shift+C and pastes it with Ctrl+Shift+V', async () => {
    await typeIn(ids.b, 'clear; echo clip-token-$((70+7))')
    const token = pane(ids.b).locator('.xterm-rows > div').filter({ hasText: /^clip-token-77\s*$/ }).first()
    await token.waitFor({ timeout: WAIT_MS })
    const box = await token.boundingBox()
    if (!box) throw new Error('token row not visible')
    // A double click selects the word under the pointer (hyphens are part of words).
    await page.mouse.dblclick(box.x + 20, box.y + box.height / 2)
    await page.keyboard.press('Control+Shift+C')
    // (Strings, not functions: this file is type-checked without the DOM library.)
    await until(() => page.evaluate('navigator.clipboard.readText()'), (text) => text === 'clip-token-77', 'the clipboard')
    await page.keyboard.type('echo pasted-')
    await page.keyboard.press('Control+Shift+V')
    // The paste is asynchronous: press Enter once it is on the command line.
    await waitForPaneRow(pane(ids.b), /echo pasted-clip-token-77\s*$/)
    await page.keyboard.press('Enter')
    await waitForPaneRow(pane(ids.b), /^pasted-clip-token-77\s*$/)
  })

  it('opens a printed link in a new window and never navigates the app', async () => {
    await typeIn(ids.b, 'clear; echo https://example.invalid/tessera-$((1+1))')
    const url = /^https:\/\/example\.invalid\/tessera-2\s*$/
    const link = pane(ids.b).locator('.xterm-rows > div').filter({ hasText: url }).first()
    await link.waitFor({ timeout: WAIT_MS })
    const box = await link.boundingBox()
    if (!box) throw new Error('link row not visible')
    const appUrl = page.url()
    const popup = page.waitForEvent('popup', { timeout: WAIT_MS })
    await page.mouse.move(box.x + 40, box.y + box.height / 2)
    await page.mouse.click(box.x + 40, box.y + box.height / 2)
    const opened = await popup
    await expect(opened.evaluate('window.opener')).resolves.toBeNull()
    await opened.close()
    expect(page.url()).toBe(appUrl)
  })

  it('switches to the light theme and remembers it across a reload, with every pane and its output back', async () => {
    await typeIn(ids.a, 'echo before-reload-a-$((3*3))')
    await typeIn(ids.b, 'echo before-reload-b-$((4*4))')
    await waitForPaneRow(pane(ids.a), /^before-reload-a-9\s*$/)
    await waitForPaneRow(pane(ids.b), /^before-reload-b-16\s*$/)
    await page.getByRole('button', { name: 'Switch to light theme' }).click()
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light')
    const fontSize = page.getByRole('group', { name: 'Font size' })
    await page.keyboard.press('Control+Equal')
    await page.keyboard.press('Control+Equal')
    await fontSize.getByText('15px').waitFor({ timeout: WAIT_MS })
    await page.reload()
    await waitForPaneCount(3)
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light')
    await fontSize.getByText('15px').waitFor({ timeout: WAIT_MS })
    // A fresh document: these rows can only come from each pane's backlog.
    await waitForPaneRow(pane(ids.a), /^before-reload-a-9\s*$/)
    await waitForPaneRow(pane(ids.b), /^before-reload-b-16\s*$/)
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark')
    await page.keyboard.press('Control+Digit0')
    await fontSize.getByText('13px').waitFor({ timeout: WAIT_MS })
  })

  it('applies the once-per-frame scrollbar sync and keeps the slider in step with output and a page scroll', async () => {
    await expect(pane(ids.a).locator('[data-viewport-sync]').getAttribute('data-viewport-sync')).resolves.toBe('frame')
    await typeIn(ids.a, 'seq 1 500 | sed s/^/sync-mark-/')
    await waitForPaneRow(pane(ids.a), /^sync-mark-500\s*$/)
    const gapBelowSlider = (): Promise<number> =>
      pane(ids.a)
        .locator('.xterm-scrollable-element > .scrollbar.vertical')
        .evaluate((bar) => bar.getBoundingClientRect().bottom - (bar.querySelector('.slider')?.getBoundingClientRect().bottom ?? 0))
    // At the end of the output, the slider sits at the bottom of its track.
    await until(gapBelowSlider, (gap) => Math.abs(gap) < 2, 'the slider at the bottom')
    await page.keyboard.press('Shift+PageUp')
    await until(gapBelowSlider, (gap) => gap > 5, 'the slider to move up a page')
    await until(() => rowCount(pane(ids.a), /^sync-mark-500\s*$/), (count) => count === 0, 'the last line scrolled out of view')
    await page.keyboard.press('Enter') // typing returns to the bottom
    await until(gapBelowSlider, (gap) => Math.abs(gap) < 2, 'the slider back at the bottom')
  })

  it('skips ahead of a flood in the pane in use, then shows its last lines in order, its scrollback and the prompt', async () => {
    await typeIn(ids.a, 'seq 4000001 7000000') // about 24 MB: far more than the page parses while it lasts
    await waitForPaneRow(pane(ids.a), /^7000000\s*$/, 60_000) // the flood is over
    const logged = (line: string): number => served().stderr().split(`${line} {"paneId":"${ids.a}"`).length - 1
    expect(logged('pane skipping ahead of its clients')).toBeGreaterThan(0)
    // A refresh shows the end before the host sends the whole backlog (once output stops).
    // Output after that catch-up comes as plain frames, so it shows once the backlog is parsed.
    await until(() => logged('pane caught up') - logged('pane skipping ahead of its clients'), (open) => open === 0, 'the last catch-up')
    await typeIn(ids.a, 'echo after-$((6*7))')
    await waitForPaneRow(pane(ids.a), /^after-42\s*$/)
    const numbers = (await pane(ids.a).locator('.xterm-rows > div').allTextContents()).map((row) => row.trim()).filter((row) => /^\d+$/.test(row))
    expect(numbers.length).toBeGreaterThan(10)
    expect(numbers.map(Number)).toEqual(numbers.map((_, index) => 7_000_001 - numbers.length + index))

    await page.keyboard.press('Control+Shift+F')
    const findBar = pane(ids.a).getByRole('search', { name: 'Find in pane' })
    await findBar.getByRole('textbox', { name: 'Find' }).fill('6995000')
    await page.keyboard.press('Enter')
    await waitForPaneRow(pane(ids.a), /^6995000\s*$/)
    await page.keyboard.press('Escape')
    await findBar.waitFor({ state: 'detached', timeout: WAIT_MS })
  })

  it('keeps a scrolled-back view still while the pane skips ahead, and lands the newest output at the bottom', async () => {
    await withBridge(served(), async (watcher) => {
      let replacements = 0
      watcher.on('pane.data', ({ paneId, replace }) => void (paneId === ids.a && replace && replacements++))
      const refreshes = async (count: number): Promise<void> => {
        const seen = replacements
        await until(() => replacements, (now) => now >= seen + count, `${count} more replacements`)
      }
      // Lines to scroll back through, then a flood once the view is scrolled back: during a
      // skip the terminal holds one screen, so there is nothing to scroll back through.
      const go = join(dirname(served().dataDir), 'home', 'go-flood')
      await typeIn(ids.a, `seq 1 30000; until [ -e ${go} ]; do sleep 0.05; done; seq 1 999999999`)
      await waitForPaneRow(pane(ids.a), /^30000\s*$/)
      await page.keyboard.press('Shift+PageUp')
      writeFileSync(go, '')
      // The output handed to the terminal before the skip scrolls old lines away under the
      // view (xterm.js keeps the view's place while it can). Once that is parsed the view
      // stays as it is across refreshes, each of which would otherwise show newer lines.
      const topRow = async (): Promise<string> => (await pane(ids.a).locator('.xterm-rows > div').first().textContent()) ?? ''
      await until(
        async () => {
          const before = await topRow()
          await refreshes(2)
          return before === (await topRow())
        },
        Boolean,
        'the scrolled-back view to stay still across two refreshes'
      )
      const badge = pane(ids.a).locator('.pane-header').getByRole('status').filter({ hasText: 'Skipping ahead' })
      await badge.waitFor({ timeout: WAIT_MS })
      await page.keyboard.press('Control+C') // a keystroke brings the view back to the bottom
      await typeIn(ids.a, 'echo back-$((6*7))')
      await waitForPaneRow(pane(ids.a), /^back-42\s*$/)
      await badge.waitFor({ state: 'detached', timeout: WAIT_MS })
    })
  })

  it('logged no console errors and no page errors', () => {
    expect(problems).toEqual([])
  })
})

// ------------------------------------------------------------ host helpers

function rootSizes(layout: Layout): [number, number] {
  const root = layout.root
  if (!root || root.type !== 'split') throw new Error(`expected a split root, got ${JSON.stringify(root)}`)
  return [root.sizes[0] ?? 0, root.sizes[1] ?? 0]
}

/** One call over the host's own authorised bridge, as a second client would make it. */
function bridge<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  return withBridge(served(), (client) => client.call(name, input))
}
