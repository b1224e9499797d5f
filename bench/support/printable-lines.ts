import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

// A deterministic stream of printable ASCII lines (0–99 characters each, then `\n`),
// as bench input. It is kept as plain JavaScript source so the very same generator
// runs in Node (to write the file) and in a page (to feed xterm.js), with no
// bundler or transpiler in between to change it.

export const PRINTABLE_LINES_SOURCE = `function printableLines(size, seed) {
  var out = new Uint8Array(size);
  var state = (seed >>> 0) || 1;
  var i = 0;
  while (i < size) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    var end = Math.min(size - 1, i + (state % 100));
    while (i < end) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
      out[i++] = 32 + ((state >>> 8) % 95);
    }
    out[i++] = 10;
  }
  return out;
}`

export const PRINTABLE_LINES_SEED = 0x7e55e7a

type Generator = (size: number, seed: number) => Uint8Array

const generate = new Function(`${PRINTABLE_LINES_SOURCE}; return printableLines`)() as Generator

/** `size` bytes of lines; the last byte is always the newline that ends the last line. */
export function printableLines(size: number, seed = PRINTABLE_LINES_SEED): Uint8Array {
  return generate(size, seed)
}

/** Writes the lines to `path` in slices; returns how many lines there are. */
export async function writePrintableLines(path: string, size: number, seed = PRINTABLE_LINES_SEED): Promise<number> {
  const data = printableLines(size, seed)
  let lines = 0
  for (const byte of data) if (byte === 10) lines++
  const stream = createWriteStream(path)
  const slice = 4 * 1024 * 1024
  for (let offset = 0; offset < data.length; offset += slice) {
    if (!stream.write(data.subarray(offset, offset + slice))) await once(stream, 'drain')
  }
  stream.end()
  await once(stream, 'finish')
  return lines
}
