import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import opentype from 'opentype.js'
import { describe, expect, it } from 'vitest'
import { SYMBOL_FONT } from '../../src/renderer/src/terminal/font-family.ts'

// The font Tessera ships for Claude Code's ⎿ ⏺ ⏵ (scripts/symbol-font.mjs draws it,
// `npm run symbol-font` rewrites it): a drawn glyph for each, one monospace cell wide,
// and the @font-face that loads it names the same family and exactly these characters.

const RENDERER = join(__dirname, '..', '..', 'src', 'renderer', 'src')
const bytes = readFileSync(join(RENDERER, 'assets', 'tessera-symbols.otf'))
const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
const css = readFileSync(join(RENDERER, 'terminal', 'symbol-font.css'), 'utf8')

const SYMBOLS = [0x23bf, 0x23fa, 0x23f5]

describe('the Tessera Symbols font', () => {
  it('is a small font named Tessera Symbols on a 1000-unit em', () => {
    expect(font.getEnglishName('fontFamily')).toBe(SYMBOL_FONT)
    expect(font.unitsPerEm).toBe(1000)
    expect([font.ascender, font.descender]).toEqual([800, -200])
    expect(bytes.byteLength).toBeLessThan(8 * 1024)
  })

  it.each(SYMBOLS.map((code) => [String.fromCodePoint(code), code.toString(16).toUpperCase(), code] as const))(
    'draws %s (U+%s) inside a 600-unit cell',
    (char, _hex, code) => {
      const glyph = font.charToGlyph(char)
      expect(glyph.index).toBeGreaterThan(0) // 0 is .notdef
      expect(glyph.unicode).toBe(code)
      expect(glyph.advanceWidth).toBe(600)
      expect(glyph.path.commands.length).toBeGreaterThan(2)
      const box = glyph.getBoundingBox()
      expect(box.isEmpty()).toBe(false)
      expect(box.x1).toBeGreaterThanOrEqual(0)
      expect(box.x2).toBeLessThanOrEqual(600)
      expect(box.y1).toBeGreaterThanOrEqual(-200)
      expect(box.y2).toBeLessThanOrEqual(800)
    }
  )

  it('has .notdef first and nothing but the three symbols after it', () => {
    expect(font.glyphs.get(0).name).toBe('.notdef')
    expect(font.glyphs.length).toBe(1 + SYMBOLS.length)
    expect(font.hasChar('A')).toBe(false)
  })

  it('is loaded by an @font-face for its family limited to exactly its characters', () => {
    expect(css).toMatch(new RegExp(`font-family:\\s*['"]${SYMBOL_FONT}['"]`))
    expect(css).toMatch(/src:\s*url\(['"]?\.\.\/assets\/tessera-symbols\.otf['"]?\)/)
    const range = /unicode-range:\s*([^;]+);/.exec(css)?.[1] ?? ''
    const codes = range.split(',').map((part) => Number.parseInt(part.trim().replace(/^U\+/i, ''), 16))
    expect(codes.sort()).toEqual([...SYMBOLS].sort())
  })
})
