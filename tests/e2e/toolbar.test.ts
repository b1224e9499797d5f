import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems, waitForRow } from '../support/terminal-page.ts'

// The toolbar at every window width a user may have: narrower windows drop labels
// (the brand's name, "New pane", counts), never a button; nothing wraps or leaves the window.

const WAIT_MS = 15_000
const WIDTHS = [1400, 1000, 900, 760, 640] as const

let browser: Browser | undefined
let serve: ServeProcess | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  serve = await startServe()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: WIDTHS[0], height: 700 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await waitForRow(page, PROMPT_ROW)
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

interface ToolbarButton {
  name: string
  left: number
  right: number
  /** Its content fits its box: a label that wrapped overflows the button's fixed height. */
  fits: boolean
}

/** Every button in the toolbar with its accessible name and box, and how wide the page is. */
async function toolbarLayout(): Promise<{ buttons: ToolbarButton[]; pageWidth: number }> {
  return page.evaluate(() => ({
    buttons: Array.from(document.querySelectorAll('header.toolbar button')).map((button) => {
      const box = button.getBoundingClientRect()
      const fits = button.scrollHeight <= button.clientHeight && button.scrollWidth <= button.clientWidth
      return { name: button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '', left: box.left, right: box.right, fits }
    }),
    pageWidth: document.documentElement.scrollWidth
  }))
}

describe('the toolbar', () => {
  it.each(WIDTHS)('keeps every button whole, on one line and inside a %i px window', async (width) => {
    await page.setViewportSize({ width, height: 700 })
    const layout = await toolbarLayout()
    expect(layout.pageWidth).toBeLessThanOrEqual(width)
    const names = layout.buttons.map((button) => button.name)
    for (const name of ['New pane', 'Task board', 'Smaller font', 'Bigger font', 'Presets and settings', 'Keyboard shortcuts']) expect(names).toContain(name)
    for (const button of layout.buttons) {
      expect(button.name).not.toBe('')
      expect({ name: button.name, inside: button.left >= 0 && button.right <= width, fits: button.fits }).toEqual({ name: button.name, inside: true, fits: true })
    }
    expect(problems).toEqual([])
  })

  it('drops the labels, not the actions: in a narrow window New pane still opens the picker', async () => {
    await page.setViewportSize({ width: 1400, height: 700 })
    await expect.poll(() => page.locator('.brand-name').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'New pane' }).innerText()).toContain('New pane')
    await page.setViewportSize({ width: 640, height: 700 })
    await expect.poll(() => page.locator('.brand-name').isVisible()).toBe(false)
    expect((await page.getByRole('button', { name: 'New pane' }).innerText()).trim()).toBe('')
    await page.getByRole('button', { name: 'New pane' }).click()
    await page.getByRole('button', { name: /^Shell/ }).first().waitFor()
    await page.keyboard.press('Escape')
  })
})
