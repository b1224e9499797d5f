import type { CatchUpSink } from './catch-up'

interface OutputSink extends Pick<CatchUpSink, 'write' | 'replace'> {
  /** Drops output not yet handed to the terminal (a replacement made it history). */
  discard(): void
}

/**
 * Keeps a skip ahead (see the host's FastForward) from pulling the scrollback away from
 * someone reading it. While the viewport is scrolled back, the newest replacement waits
 * here, with the output that follows it, and the terminal keeps what it shows; once the
 * viewport is back at the bottom (a scroll, a keystroke), the replacement lands. Output
 * still waiting for the terminal when a replacement comes is dropped at once either way.
 * Output with no replacement before it goes straight through: xterm.js itself keeps a
 * scrolled-back viewport in place as lines arrive.
 */
export class HeldReplacement {
  private held: string | undefined
  private after: string[] = []

  constructor(
    private readonly sink: OutputSink,
    private readonly scrolledBack: () => boolean
  ) {}

  write(data: string): void {
    if (this.held === undefined) this.sink.write(data)
    else this.after.push(data)
  }

  replace(data: string): void {
    // What waits to be parsed is history now, held or not; so are an older held
    // replacement and what followed it.
    this.sink.discard()
    this.held = data
    this.after = []
    this.release()
  }

  /** The viewport moved. */
  scrolled(): void {
    this.release()
  }

  private release(): void {
    if (this.held === undefined || this.scrolledBack()) return
    const [held, after] = [this.held, this.after]
    this.held = undefined
    this.after = []
    this.sink.replace(held)
    for (const data of after) this.sink.write(data)
  }
}
