// What the user types or pastes, on its way to the pane's PTY. The bridge takes at most
// 1,000,000 characters per pane.write, so a large paste goes in pieces, each sent once the
// host has taken the one before (the socket never holds more than one piece of it), and
// keystrokes typed meanwhile wait their turn behind it. xterm.js has already wrapped a paste
// in bracketed-paste markers when the program asked for them; cutting the whole string keeps
// the opening marker in the first piece and the closing one in the last.

/** Small enough to keep a piece well under the bridge's cap and the socket responsive. */
export const INPUT_CHUNK_CHARS = 65_536
/** A larger paste is refused before any of it is sent: 32 MiB of text is already more than a terminal program takes in gladly. */
export const MAX_PASTE_CHARS = 32 * 1024 * 1024

/** Long enough for a paste marker (`ESC [ 2 0 1 ~`), the longest sequence a paste carries. */
const ESCAPE_SPAN = 6

/**
 * Cuts `data` into pieces of at most `size` characters, never between the halves of a
 * surrogate pair and never inside a short escape sequence: a program that reads a lone ESC
 * at the end of one read takes it for the Escape key.
 */
export function chunkInput(data: string, size = INPUT_CHUNK_CHARS): string[] {
  const chunks: string[] = []
  let start = 0
  while (start < data.length) {
    let end = Math.min(start + size, data.length)
    if (end < data.length) end = safeCut(data, start, end)
    chunks.push(data.slice(start, end))
    start = end
  }
  return chunks
}

/** Moves a cut at `end` back before an escape sequence it would split or a lone high surrogate. */
function safeCut(data: string, start: number, end: number): number {
  const escape = data.lastIndexOf('\x1b', end - 1)
  if (escape > start && escape > end - ESCAPE_SPAN) return escape
  const last = data.charCodeAt(end - 1)
  return end - start > 1 && last >= 0xd800 && last <= 0xdbff ? end - 1 : end
}

const megabytes = (chars: number): string => `${(chars / (1024 * 1024)).toFixed(1)} MB`

export interface InputSenderOptions {
  /** Sends one piece; resolves once the host has taken it. */
  write(data: string): Promise<unknown>
  /** Tells the user something went wrong (a notice in the UI, never the terminal). */
  notify(message: string): void
  maxChars?: number
  chunkChars?: number
}

export class InputSender {
  /** Resolves once everything handed over so far has been sent (or failed). */
  private tail: Promise<void> = Promise.resolve()
  private queued = 0

  constructor(private readonly options: InputSenderOptions) {}

  send(data: string): void {
    const max = this.options.maxChars ?? MAX_PASTE_CHARS
    if (data.length > max) {
      this.options.notify(`Paste refused: ${megabytes(data.length)} is more than the ${megabytes(max)} Tessera pastes at once. Nothing was sent.`)
      return
    }
    const chunks = chunkInput(data, this.options.chunkChars ?? INPUT_CHUNK_CHARS)
    // Nothing in flight and one piece: straight out, as a keystroke should be.
    if (this.queued === 0 && chunks.length === 1) {
      void this.deliver(chunks[0] as string)
      return
    }
    this.queued += 1
    this.tail = this.tail.then(async () => {
      for (const chunk of chunks) if (!(await this.deliver(chunk))) break
      this.queued -= 1
    })
  }

  /** Sends one piece; false when it failed (the rest of that input is dropped, the user told once). */
  private async deliver(chunk: string): Promise<boolean> {
    try {
      await this.options.write(chunk)
      return true
    } catch {
      this.options.notify('Input could not be sent to the pane; the rest of it was dropped.')
      return false
    }
  }
}
