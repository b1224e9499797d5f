import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/chromium.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems, waitForRow } from '../support/terminal-page.ts'

// Claude Code's ⎿ ⏺ ⏵ on a machine whose fonts lack them (DejaVu only, as on our
// Linux machines): a shell prints them and Chromium draws each with Tessera's own
// font, not as the empty box it draws for a character no font has.

const WAIT_MS = 15_000
const SYMBOLS = '\u23bf \u23fa \u23f5'
/** The same three as UTF-8 bytes for bash's printf, so the shell's locale does not matter. */
const PRINT_SYMBOLS = "printf '\\342\\216\\277 \\342\\217\\272 \\342\\217\\265\\n'"

let browser: Browser | undefined
let serve: ServeProcess | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  serve = await startServe()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 900, height: 600 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await waitForRow(page, PROMPT_ROW)
  await page.locator('.xterm').click()
  await page.keyboard.type(PRINT_SYMBOLS)
  await page.keyboard.press('Enter')
  await waitForRow(page, /^⎿\s⏺\s⏵\s*$/)
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

const symbolsRow = () => page.locator('.xterm-rows > div').filter({ hasText: /^⎿\s⏺\s⏵\s*$/ })

describe('Claude Code symbols in a pane', () => {
  it('has Tessera Symbols loaded', async () => {
    const state = await page.evaluate(() => {
      const faces: string[] = []
      document.fonts.forEach((face) => {
        if (face.family.replace(/["']/g, '') === 'Tessera Symbols') faces.push(face.status)
      })
      return { faces, check: document.fonts.check('13px "Tessera Symbols"', '\u23bf') }
    })
    expect(state).toEqual({ faces: ['loaded'], check: true })
  })

  it('renders the row with Tessera Symbols for all three symbols', async () => {
    await symbolsRow().evaluate((row) => row.setAttribute('data-symbols-row', ''))
    const session = await page.context().newCDPSession(page)
    await session.send('DOM.enable')
    await session.send('CSS.enable')
    const { root } = await session.send('DOM.getDocument', { depth: -1 })
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-symbols-row]' })
    const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId, selector: 'span' })
    const glyphs: Record<string, number> = {}
    for (const id of nodeIds.length > 0 ? nodeIds : [nodeId]) {
      const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId: id })
      for (const font of fonts) glyphs[font.familyName] = (glyphs[font.familyName] ?? 0) + font.glyphCount
    }
    await session.detach()
    expect(glyphs['Tessera Symbols']).toBe(3)
  })

  it('draws ⎿ ⏺ ⏵ in the terminal font as real glyphs, not the empty box', async () => {
    const family = await page.locator('.xterm-rows').evaluate((rows) => getComputedStyle(rows).fontFamily)
    expect(family).toContain('"Tessera Symbols"')
    const drawn = await page.evaluate(
      ({ family, symbols }) => {
        const draw = (text: string): string => {
          const canvas = document.createElement('canvas')
          canvas.width = 64
          canvas.height = 64
          const context = canvas.getContext('2d') as CanvasRenderingContext2D
          context.font = `40px ${family}`
          context.textBaseline = 'middle'
          context.fillStyle = '#000'
          if (text) context.fillText(text, 8, 32)
          return canvas.toDataURL()
        }
        const blank = draw('')
        const tofu = draw('\ue000') // private use: no font has it, so the box
        return Array.from(symbols.replace(/ /g, '')).map((symbol) => {
          const pixels = draw(symbol)
          return { symbol, blank: pixels === blank, tofu: pixels === tofu }
        })
      },
      { family, symbols: SYMBOLS }
    )
    expect(drawn).toEqual(Array.from(SYMBOLS.replace(/ /g, '')).map((symbol) => ({ symbol, blank: false, tofu: false })))
  })

  it('logs no errors (a refused font would)', () => {
    expect(problems).toEqual([])
  })
})
