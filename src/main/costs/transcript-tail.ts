import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

const NEWLINE = 0x0a
/** Only lines holding this key can carry usage; the rest are skipped without decoding them. */
const USAGE_KEY = Buffer.from('"usage"')
const CHUNK_BYTES = 4 * 1024 * 1024
/** How much of a file's start is kept to recognise it: a file deleted and written anew can get the same inode back. */
const HEAD_BYTES = 4096

/**
 * One buffer for every tail: reads are synchronous, so only one is ever in flight. It grows
 * when a single line is longer than it.
 */
let shared: Buffer = Buffer.allocUnsafe(CHUNK_BYTES)

export type TailRead = 'read' | 'missing'

/**
 * Reads one JSONL file incrementally: each call reads only what was appended since the last,
 * hands over the complete lines that may carry usage, and keeps an incomplete last line until
 * it completes. A file that shrank (truncated), was replaced (another inode) or starts with
 * other bytes than before (deleted and written anew, which can reuse the inode) is read again
 * from the start; counting is deduplicated, so reading a line twice is harmless.
 */
export class TranscriptTail {
  private offset = 0
  private inode: number | undefined
  /** Bytes of an incomplete last line (they are before `offset`). */
  private partial: Buffer | undefined
  /** The file's first bytes (up to HEAD_BYTES) as read. */
  private head: Buffer | undefined

  constructor(readonly path: string) {}

  read(onLine: (line: string) => void): TailRead {
    let fd: number
    try {
      fd = openSync(this.path, 'r')
    } catch {
      return 'missing'
    }
    try {
      const stat = fstatSync(fd)
      if (stat.ino !== this.inode || stat.size < this.offset || !this.sameHead(fd)) this.restart(stat.ino)
      if (stat.size > this.offset) this.readFrom(fd, onLine)
      // A file shorter than HEAD_BYTES when first read: its start grows with it.
      if ((this.head?.length ?? 0) < Math.min(HEAD_BYTES, this.offset)) this.head = readHead(fd, Math.min(HEAD_BYTES, this.offset))
      return 'read'
    } finally {
      closeSync(fd)
    }
  }

  private restart(inode: number): void {
    this.inode = inode
    this.offset = 0
    this.partial = undefined
    this.head = undefined
  }

  /** Whether the file still starts as it did (a few KB read, not the file). */
  private sameHead(fd: number): boolean {
    return !this.head || readHead(fd, this.head.length).equals(this.head)
  }

  private readFrom(fd: number, onLine: (line: string) => void): void {
    let kept = this.takePartial()
    for (;;) {
      if (kept === shared.length) shared = grow(shared)
      const read = readSync(fd, shared, kept, shared.length - kept, this.offset)
      if (read === 0) break
      // The file's start is in hand: keep it without reading it again.
      if (this.offset === 0) this.head = Buffer.from(shared.subarray(0, Math.min(read, HEAD_BYTES)))
      this.offset += read
      const end = kept + read
      const lastNewline = shared.lastIndexOf(NEWLINE, end - 1)
      if (lastNewline >= 0) scanLines(shared.subarray(0, lastNewline + 1), onLine)
      const rest = lastNewline + 1
      shared.copyWithin(0, rest, end)
      kept = end - rest
    }
    this.partial = kept > 0 ? Buffer.from(shared.subarray(0, kept)) : undefined
  }

  /** Puts the kept incomplete line at the start of the shared buffer; returns its length. */
  private takePartial(): number {
    const partial = this.partial
    this.partial = undefined
    if (!partial) return 0
    while (shared.length < partial.length * 2) shared = grow(shared)
    partial.copy(shared, 0)
    return partial.length
  }
}

/** Hands over each line of `chunk` (whole lines) that contains the usage key. */
function scanLines(chunk: Buffer, onLine: (line: string) => void): void {
  let from = 0
  for (;;) {
    const hit = chunk.indexOf(USAGE_KEY, from)
    if (hit < 0) return
    const start = chunk.lastIndexOf(NEWLINE, hit) + 1
    const newline = chunk.indexOf(NEWLINE, hit)
    const end = newline < 0 ? chunk.length : newline
    onLine(chunk.toString('utf8', start, end))
    from = end + 1
  }
}

function readHead(fd: number, length: number): Buffer {
  const head = Buffer.allocUnsafe(length)
  return head.subarray(0, readSync(fd, head, 0, length, 0))
}

function grow(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2)
  buffer.copy(bigger)
  return bigger
}
