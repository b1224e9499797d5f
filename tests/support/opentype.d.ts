// The little of opentype.js (which ships no types) that the tests read.
declare module 'opentype.js' {
  interface BoundingBox {
    x1: number
    y1: number
    x2: number
    y2: number
    isEmpty(): boolean
  }
  interface Path {
    commands: { type: string }[]
  }
  interface Glyph {
    index: number
    name: string | null
    unicode: number | undefined
    advanceWidth: number | undefined
    path: Path
    getBoundingBox(): BoundingBox
  }
  interface Font {
    unitsPerEm: number
    ascender: number
    descender: number
    glyphs: { length: number; get(index: number): Glyph }
    charToGlyph(char: string): Glyph
    hasChar(char: string): boolean
    getEnglishName(name: string): string | undefined
  }
  const opentype: { parse(buffer: ArrayBuffer): Font }
  export default opentype
}
