import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge.ts'
import { withBridge } from '../support/bridge-client.ts'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { launchChromium } from '../support/chromium.ts'
import type { FakeAnthropic } from '../support/fake-anthropic.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// Six panes on a small screen, shells and Claude Code, one of them failing: every
// header control stays inside its pane and takes the click, the narrowest panes
// move their buttons into a menu, the failing pane is framed in its state's colour,
// and a lost host greys the panes out and stops their clocks.

const WAIT_MS = 30_000

let browser: Browser | undefined
let serve: ServeProcess | undefined
let api: FakeAnthropic | undefined
let claude: OfflineClaude | undefined
let page: Page
let problems: string[] = []
/** Where the panes run: a project folder under the trusted tmpdir, so no trust dialog appears. */
const project = mkdtempSync(join(realpathSync(tmpdir()), 'tessera-headers-'))
/** a, c, d, f: shells; b: Claude from a preset; e: Claude with the CLI's default model, failing. */
const ids = { a: '', b: '', c: '', d: '', e: '', f: '' }

beforeAll(async () => {
  claude = await offlineClaude()
  api = claude.api
  serve = await startServe([], claude.env)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 900, height: 600 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await page.locator('.xterm-rows > div').filter({ hasText: PROMPT_ROW }).first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await claude?.dispose()
  rmSync(project, { recursive: true, force: true })
})

function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call(name, input))
}

const pane = (paneId: string): Locator => page.locator(`section.pane[data-pane-id="${paneId}"]`)
const badge = (paneId: string): Locator => pane(paneId).locator('.status-badge')

/**
 * Every button, picker and field in every pane header whose box leaves its pane, or
 * whose middle is covered by something else (what a click there would hit instead).
 */
function unreachableHeaderControls(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    for (const section of Array.from(document.querySelectorAll('section.pane')) as HTMLElement[]) {
      const box = section.getBoundingClientRect()
      const controls = Array.from(section.querySelectorAll('.pane-header button, .pane-header select, .pane-header input'))
      if (controls.length === 0) problems.push(`${section.dataset.paneId}: no controls at all`)
      for (const control of controls) {
        const name = `${section.dataset.paneId} ${control.getAttribute('aria-label') ?? control.tagName}`
        const rect = control.getBoundingClientRect()
        if (rect.left < box.left || rect.right > box.right || rect.top < box.top || rect.bottom > box.bottom) {
          problems.push(`${name}: [${rect.left}, ${rect.right}] leaves the pane [${box.left}, ${box.right}]`)
          continue
        }
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
        if (!hit || !control.contains(hit)) problems.push(`${name}: a click in its middle hits ${hit?.className || hit?.tagName}`)
      }
    }
    return problems
  })
}

/** WCAG contrast of two computed `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string): number => {
    const [r = 0, g = 0, bl = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((value) => {
      const c = value / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/**
 * Resolves once every pane header has kept its width and step for three frames: a
 * viewport change reaches the grid, then the panes, then each header's plan, over a
 * few frames (the panel group and each header observe their own size).
 */
function headersSettled(): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = ''
        let stableFrames = 0
        const sample = (): void => {
          const now = (Array.from(document.querySelectorAll('.pane-header')) as HTMLElement[])
            .map((header) => `${header.getBoundingClientRect().width}:${header.dataset.headerStep}`)
            .join('|')
          stableFrames = now === last ? stableFrames + 1 : 0
          last = now
          if (stableFrames >= 3) resolve()
          else requestAnimationFrame(sample)
        }
        requestAnimationFrame(sample)
      })
  )
}

const headerSteps = (): Promise<Record<string, string>> =>
  page.evaluate(() =>
    Object.fromEntries(
      (Array.from(document.querySelectorAll('section.pane')) as HTMLElement[]).map((section) => [
        section.dataset.paneId ?? '',
        (section.querySelector('.pane-header') as HTMLElement | null)?.dataset.headerStep ?? ''
      ])
    )
  )

describe('pane headers on a small screen', () => {
  it('builds three columns of two panes: four shells and two Claude panes, one failing', async () => {
    const [first] = await call('pane.list', {})
    ids.a = first?.id ?? ''
    const create = async (input: Omit<CallInput<'pane.create'>, 'cols' | 'rows'>): Promise<string> =>
      (await call('pane.create', { cols: 80, rows: 24, cwd: project, ...input })).id
    ids.b = await create({ kind: 'claude', preset: 'opus-heavy', beside: { paneId: ids.a, edge: 'right' } })
    ids.c = await create({ kind: 'shell', beside: { paneId: ids.b, edge: 'right' } })
    ids.d = await create({ kind: 'shell', beside: { paneId: ids.a, edge: 'bottom' } })
    ids.e = await create({ kind: 'claude', beside: { paneId: ids.b, edge: 'bottom' } })
    ids.f = await create({ kind: 'shell', beside: { paneId: ids.c, edge: 'bottom' } })
    await expect.poll(() => page.locator('section.pane').count()).toBe(6)
    await badge(ids.b).and(page.locator('[data-state="idle"]')).waitFor()
    await badge(ids.e).and(page.locator('[data-state="idle"]')).waitFor()
    await pane(ids.e).locator('.xterm-rows > div').filter({ hasText: /\? for shortcuts/ }).first().waitFor()

    api?.enqueue({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })
    await pane(ids.e).locator('.terminal-slot').click()
    await page.keyboard.type('hello')
    await page.keyboard.press('Enter')
    await badge(ids.e).and(page.locator('[data-state="error"]')).waitFor()
  })

  it('keeps every header control of every pane inside its pane and clickable at 900×600', async () => {
    await headersSettled()
    expect(await unreachableHeaderControls()).toEqual([])
    // The failing Claude pane says why in its badge's tooltip whatever form the badge takes.
    expect(await badge(ids.e).getAttribute('title')).toMatch(/^Error — .*overloaded/i)
  })

  it('names the model the CLI uses by default in the picker', async () => {
    const picker = pane(ids.e).getByLabel('Model')
    expect(await picker.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toMatch(/^CLI default \(claude-\S+\)$/)
    expect(await pane(ids.b).getByLabel('Model').inputValue()).toBe('opus')
  })

  it('frames a pane that needs the user in its state colour, and no other', async () => {
    await pane(ids.e).and(page.locator('[data-attention="error"]')).waitFor()
    const frame = (paneId: string): Promise<{ outline: string; color: string; danger: string }> =>
      pane(paneId).evaluate((section) => {
        const style = getComputedStyle(section)
        const probe = document.createElement('span')
        probe.style.color = 'var(--danger)'
        document.body.append(probe)
        const danger = getComputedStyle(probe).color
        probe.remove()
        return { outline: style.outlineStyle, color: style.outlineColor, danger }
      })
    const failing = await frame(ids.e)
    expect(failing.outline).toBe('solid')
    expect(failing.color).toBe(failing.danger)
    expect((await frame(ids.c)).outline).toBe('none')
  })

  it('keeps them inside and clickable in the narrowest panes, the buttons behind a menu', async () => {
    // Three columns at close to the grid's minimum pane width (160 px).
    await page.setViewportSize({ width: 540, height: 600 })
    await expect.poll(async () => (await headerSteps())[ids.e]).toMatch(/^(overflow|picker-in-menu)$/)
    const width = await pane(ids.e).evaluate((section) => section.getBoundingClientRect().width)
    expect(width).toBeLessThan(200)
    await headersSettled()
    expect(await unreachableHeaderControls()).toEqual([])

    await pane(ids.e).getByRole('button', { name: 'More pane actions' }).click()
    const menu = page.getByRole('menu', { name: 'Pane actions' })
    await menu.waitFor()
    const items = await menu.getByRole('menuitem').evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect()
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
        return { name: element.textContent, inView: rect.left >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight, hit: Boolean(hit && element.contains(hit)) }
      })
    )
    expect(items.map((item) => item.name)).toEqual([
      'Split rightCtrl+Shift+E',
      'Split downCtrl+Shift+O',
      'Zoom paneCtrl+Shift+Z',
      'Set budget…',
      'Turn off restart after a crash',
      'Close paneCtrl+Shift+X'
    ])
    expect(items.every((item) => item.inView && item.hit)).toBe(true)
    await menu.getByRole('menuitem', { name: /Zoom pane/ }).click()
    await expect.poll(async () => (await call('layout.get', {})).zoomed).toBe(ids.e)
    await expect(menu.count()).resolves.toBe(0)
    // Zoomed, the pane is wide again and its buttons are back in the header.
    await pane(ids.e).getByRole('button', { name: 'Unzoom pane' }).click()
    await expect.poll(async () => (await call('layout.get', {})).zoomed).toBe(null)
  })

  it('gives the terminal a font stack that ends in monospace and symbol fonts', async () => {
    const family = await pane(ids.e).locator('.xterm-rows').evaluate((rows) => getComputedStyle(rows).fontFamily)
    expect(family).toMatch(/^"JetBrains Mono", .*, monospace, "Tessera Symbols", "?Symbola"?, "Segoe UI Symbol", "Apple Symbols"$/)
  })

  it('keeps bright white text readable in the light theme', async () => {
    await page.getByRole('button', { name: 'Switch to light theme' }).click()
    await pane(ids.a).locator('.terminal-slot').click()
    // Bright white on the light background, as a program written for dark terminals prints it.
    await page.keyboard.type("printf '\\033[97m%s\\033[0m\\n' white-text-marker")
    await page.keyboard.press('Enter')
    const marker = pane(ids.a).locator('.xterm-rows span').filter({ hasText: /^white-text-marker$/ })
    await marker.waitFor()
    const [text, background] = await marker.evaluate((span) => [
      getComputedStyle(span).color,
      getComputedStyle(span.closest('.terminal-slot') as Element).backgroundColor
    ])
    expect(contrast(text ?? '', background ?? '')).toBeGreaterThanOrEqual(4.5)
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  })

  it('greys every pane out and stops the clocks when the host is gone', async () => {
    await page.setViewportSize({ width: 900, height: 600 })
    await serve?.stop()
    await page.getByRole('alert').filter({ hasText: 'Disconnected from the Tessera host' }).waitFor()
    await expect.poll(() => page.locator('.status-badge[data-state="disconnected"]').count()).toBe(6)
    expect(await page.locator('.status-time').count()).toBe(0)
    expect(await pane(ids.a).evaluate((section) => getComputedStyle(section).filter)).toContain('grayscale')
  })

  it('logged no console errors or page errors', () => {
    // The lost connection is the one error the last test asked for.
    expect(problems.filter((problem) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(problem))).toEqual([])
  })
})
