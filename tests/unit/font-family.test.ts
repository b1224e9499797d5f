import { describe, expect, it } from 'vitest'
import { terminalFontFamily } from '../../src/renderer/src/terminal/font-family.ts'

// Whatever family the user types, the terminal still finds Claude Code's symbols
// (the shipped symbols face) and a monospace font for everything else.

describe('terminalFontFamily', () => {
  it('adds the symbols face and monospace after a family that names neither', () => {
    expect(terminalFontFamily('"Fira Code"')).toBe('"Fira Code", "Noto Sans Symbols 2", monospace')
  })

  it('keeps a family that already ends with monospace, adding only the symbols face', () => {
    expect(terminalFontFamily('Menlo, monospace')).toBe('Menlo, monospace, "Noto Sans Symbols 2"')
  })

  it('adds nothing the family already names, however it is quoted or cased', () => {
    expect(terminalFontFamily("'noto sans symbols 2', MONOSPACE")).toBe("'noto sans symbols 2', MONOSPACE")
  })
})
