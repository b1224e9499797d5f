import { describe, expect, it } from 'vitest'
import { terminalFontFamily } from '../../src/renderer/src/terminal/font-family.ts'

// Whatever family the user types, the terminal still has a monospace font for
// everything, then the symbol fonts for what that font lacks (Claude Code's ⎿).

const SYMBOLS = '"Symbola", "Segoe UI Symbol", "Apple Symbols"'

describe('terminalFontFamily', () => {
  it('adds monospace, then the symbol fonts, after a family that names neither', () => {
    expect(terminalFontFamily('"Fira Code"')).toBe(`"Fira Code", monospace, ${SYMBOLS}`)
  })

  it('adds only the symbol fonts to a family that ends with monospace', () => {
    expect(terminalFontFamily('Menlo,monospace')).toBe(`Menlo, monospace, ${SYMBOLS}`)
  })

  it('adds nothing the family already names, however it is quoted or cased', () => {
    expect(terminalFontFamily("symbola, 'segoe ui symbol', \"Apple Symbols\", MONOSPACE")).toBe("symbola, 'segoe ui symbol', \"Apple Symbols\", MONOSPACE")
  })
})
