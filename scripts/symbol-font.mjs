// Draws "Tessera Symbols", the terminal's own fallback font for the three symbols
// Claude Code prints that common monospace fonts (DejaVu Sans Mono and friends) lack:
//   ⎿ U+23BF under each tool call, ⏺ U+23FA before each message, ⏵ U+23F5 in the footer.
// Every outline is drawn here from straight lines and circle arcs; nothing comes from
// another font. `npm run symbol-font` rewrites src/renderer/src/assets/tessera-symbols.otf;
// the file is committed and the same drawing always gives the same bytes.

import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import opentype from 'opentype.js'

export const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'renderer', 'src', 'assets', 'tessera-symbols.otf')

// A monospace cell: 0.6 em wide like DejaVu Sans Mono, baseline at 0, y upwards.
const EM = 1000
const ADVANCE = 600
const ASCENDER = 800
const DESCENDER = -200
const STROKE = 80
/** Where ⏺ and ⏵ sit vertically: about half the x-height of a typical monospace font. */
const MIDDLE = 300
/** 2024-01-01, so regenerating an unchanged drawing changes no byte. */
const TIMESTAMP = 1_704_067_200

/** A closed polygon through the points, in order. */
function polygon(points) {
  const path = new opentype.Path()
  points.forEach(([x, y], index) => (index === 0 ? path.moveTo(x, y) : path.lineTo(x, y)))
  path.close()
  return path
}

/** A filled circle from four cubic arcs (the usual 0.5523 handle length). */
function circle(cx, cy, r) {
  const k = 0.5523 * r
  const path = new opentype.Path()
  path.moveTo(cx + r, cy)
  path.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r)
  path.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy)
  path.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r)
  path.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy)
  path.close()
  return path
}

/** .notdef: an empty box, the usual sign of a missing glyph. */
function box() {
  const path = polygon([
    [100, 0],
    [500, 0],
    [500, 700],
    [100, 700]
  ])
  // The inner contour runs the other way, so it is cut out of the outer one.
  const inner = polygon([
    [100 + STROKE, STROKE],
    [100 + STROKE, 700 - STROKE],
    [500 - STROKE, 700 - STROKE],
    [500 - STROKE, STROKE]
  ])
  path.extend(inner)
  return path
}

// ⎿: like box drawing's └, a stroke down from the top of the cell that turns right
// near the baseline and runs to the cell's right edge, so it meets the text after it.
const LEFT = 160
const FOOT = 100
const corner = polygon([
  [LEFT, ASCENDER],
  [LEFT, FOOT],
  [ADVANCE, FOOT],
  [ADVANCE, FOOT + STROKE],
  [LEFT + STROKE, FOOT + STROKE],
  [LEFT + STROKE, ASCENDER]
])

// ⏺: a filled disc about as tall as a lowercase letter, in the middle of the cell.
const record = circle(ADVANCE / 2, MIDDLE, 230)

// ⏵: a filled triangle pointing right, about as wide as it is tall.
const play = polygon([
  [140, MIDDLE - 210],
  [500, MIDDLE],
  [140, MIDDLE + 210]
])

const glyph = (name, unicode, path) => new opentype.Glyph({ name, unicode, advanceWidth: ADVANCE, path })

export function buildFont() {
  return new opentype.Font({
    familyName: 'Tessera Symbols',
    styleName: 'Regular',
    unitsPerEm: EM,
    ascender: ASCENDER,
    descender: DESCENDER,
    weightClass: 400,
    createdTimestamp: TIMESTAMP,
    designer: 'Tessera',
    copyright: 'Drawn for Tessera by scripts/symbol-font.mjs',
    version: '1.0',
    glyphs: [
      new opentype.Glyph({ name: '.notdef', advanceWidth: ADVANCE, path: box() }),
      glyph('uni23BF', 0x23bf, corner),
      glyph('uni23F5', 0x23f5, play),
      glyph('uni23FA', 0x23fa, record)
    ]
  })
}

/**
 * opentype.js stamps `head.modified` with the current time: set it to the fixed
 * creation time and redo the checksums it feeds, so the output depends on the drawing only.
 */
function fixModified(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tables = view.getUint16(4)
  const checksum = (offset, length) => {
    let sum = 0
    for (let at = offset; at < offset + length; at += 4) {
      let word = 0
      for (let byte = 0; byte < 4; byte++) word = word * 256 + (at + byte < offset + length ? bytes[at + byte] : 0)
      sum = (sum + word) >>> 0
    }
    return sum
  }
  for (let index = 0; index < tables; index++) {
    const record = 12 + index * 16
    if (String.fromCharCode(...bytes.subarray(record, record + 4)) !== 'head') continue
    const offset = view.getUint32(record + 8)
    const length = view.getUint32(record + 12)
    // created (offset 20) into modified (offset 28), then checksums with checkSumAdjustment zeroed.
    bytes.copyWithin(offset + 28, offset + 20, offset + 28)
    view.setUint32(offset + 8, 0)
    view.setUint32(record + 4, checksum(offset, length))
    view.setUint32(offset + 8, (0xb1b0afba - checksum(0, bytes.length)) >>> 0)
    return bytes
  }
  throw new Error('the font has no head table')
}

export function fontBytes() {
  return fixModified(new Uint8Array(buildFont().toArrayBuffer()))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = fontBytes()
  writeFileSync(OUTPUT, bytes)
  console.log(`wrote ${OUTPUT} (${bytes.length} bytes)`)
}
