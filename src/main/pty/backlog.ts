const BYTES_PER_CHAR = 2 // UTF-16 code units, so characters are counted as JavaScript counts them

/**
 * The last maxChars a pane printed, so a client that (re)attaches can catch up. It is
 * one fixed Buffer used as a ring, outside the JS heap: a flood overwrites it in place
 * instead of piling up strings for the garbage collector, so the host's memory stays
 * flat. Its pages are only touched as output fills them, so an idle pane costs little.
 */
export class Backlog {
  private readonly ring: Buffer
  /** Where the next character goes, in bytes. */
  private end = 0
  private filled = 0
  /** Whether older output was overwritten (the ring holds a tail, not all of it). */
  private wrapped = false

  /** About the default scrollback (10,000 lines) of 100-character lines: what a skip ahead leaves a client. */
  constructor(private readonly maxChars = 1024 * 1024) {
    this.ring = Buffer.allocUnsafeSlow(maxChars * BYTES_PER_CHAR)
  }

  append(data: string): void {
    // Only the newest maxChars of a long write can survive it.
    const text = data.length > this.maxChars ? data.slice(data.length - this.maxChars) : data
    const roomToEdge = (this.ring.length - this.end) / BYTES_PER_CHAR
    this.ring.write(text, this.end, Math.min(text.length, roomToEdge) * BYTES_PER_CHAR, 'utf16le')
    if (text.length > roomToEdge) this.ring.write(text.slice(roomToEdge), 0, 'utf16le')
    this.end = (this.end + text.length * BYTES_PER_CHAR) % this.ring.length
    this.wrapped ||= text.length < data.length || this.filled + text.length * BYTES_PER_CHAR > this.ring.length
    this.filled = Math.min(this.ring.length, this.filled + text.length * BYTES_PER_CHAR)
  }

  /**
   * The newest output from the start of a line, so a terminal that shows it starts in a
   * known place (not inside a line or an escape sequence the ring cut): the last `lines`
   * lines (the last one may be unfinished), or everything from the oldest whole line held.
   */
  tail(lines?: number): string {
    const text = this.text()
    const fromOldestLine = this.wrapped ? text.slice(text.indexOf('\n') + 1) : text
    let start = text.length
    for (let found = 0; lines !== undefined && found < lines; found++) {
      start = start > 0 ? text.lastIndexOf('\n', start - 1) : -1
      if (start < 0) return fromOldestLine
    }
    return lines === undefined ? fromOldestLine : text.slice(start + 1)
  }

  text(): string {
    if (this.filled < this.ring.length) return this.ring.toString('utf16le', 0, this.filled)
    const all = this.ring.toString('utf16le', this.end) + this.ring.toString('utf16le', 0, this.end)
    // The cut may fall inside a surrogate pair: drop its orphaned second half.
    return isLowSurrogate(all.charCodeAt(0)) ? all.slice(1) : all
  }
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff
