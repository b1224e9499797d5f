import { describe, expect, it } from 'vitest'
import { terminalFontFamily } from '../../src/renderer/src/terminal/font-family.ts'

// Whatever family the user types, the terminal still has a monospace font for
// everything, then the symbol fonts for what that font lacks: first Tessera's own
// (Claude Code's ⎿ ⏺ ⏵), then Symbola, Segoe UI Symbol and Apple Symbols.

const SYMBOLS = '"Tessera Symbols", "Symbola", "Segoe UI Symbol", "Apple Symbols"'

describe('terminalFontFamily', () => {
  it('adds monospace, then the symbol fonts, after a family that names neither', () => {
    expect(terminalFontFamily('"Fira Code"')).toBe(`"Fira Code", monospace, ${SYMBOLS}`)
  })

  it('adds only the symbol fonts to a family that ends with monospace', () => {
    expect(terminalFontFamily('Menlo,monospace')).toBe(`Menlo, monospace, ${SYMBOLS}`)
  })

  it('puts Tessera Symbols after the family and monospace and before the other symbol fonts', () => {
    const parts = terminalFontFamily('"DejaVu Sans Mono"').split(', ')
    expect(parts).toEqual(['"DejaVu Sans Mono"', 'monospace', '"Tessera Symbols"', '"Symbola"', '"Segoe UI Symbol"', '"Apple Symbols"'])
  })

  it('adds nothing the family already names, however it is quoted or cased', () => {
    const named = "symbola, 'segoe ui symbol', \"Apple Symbols\", 'tessera symbols', MONOSPACE"
    expect(terminalFontFamily(named)).toBe(named)
  })
})
