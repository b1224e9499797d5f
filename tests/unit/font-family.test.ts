import { describe, expect, it } from 'vitest'
import { terminalFontFamily } from '../../src/renderer/src/terminal/font-family.ts'

// Whatever family the user types, the terminal still has a monospace font for
// everything, and the shipped symbols face for what that font lacks (⎿, ✻).

describe('terminalFontFamily', () => {
  it('adds monospace, then the symbols face, after a family that names neither', () => {
    expect(terminalFontFamily('"Fira Code"')).toBe('"Fira Code", monospace, "Noto Sans Symbols 2"')
  })

  it('adds only the symbols face to a family that ends with monospace', () => {
    expect(terminalFontFamily('Menlo,monospace')).toBe('Menlo, monospace, "Noto Sans Symbols 2"')
  })

  it('adds nothing the family already names, however it is quoted or cased', () => {
    expect(terminalFontFamily("'noto sans symbols 2', MONOSPACE")).toBe("'noto sans symbols 2', MONOSPACE")
  })
})
