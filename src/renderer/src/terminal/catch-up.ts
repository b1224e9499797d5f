/** Where a terminal's frames go once the catch-up decided what is new. */
export interface CatchUpSink {
  /** Output the terminal has not shown yet. */
  write(data: string): void
  /** Output the backlog already showed: acknowledged, never written twice. */
  skip(chars: number): void
  /** The newest output, to show instead of everything before it (the host skipped ahead). */
  replace(data: string): void
}

interface Frame {
  offset: number
  data: string
  replace: boolean
}

/**
 * Joins a pane's backlog to its live frames with no gap and no repeat. The attach
 * answer says where the backlog ends in the pane's output stream and every frame
 * says where it starts, so the order in which they arrive does not matter (Electron
 * delivers events and call answers on separate channels). Frames that come before the
 * answer wait for it.
 */
export class CatchUp {
  private backlogEnd: number | undefined
  private waiting: Frame[] = []

  constructor(private readonly sink: CatchUpSink) {}

  /** The attach answer: the backlog (already written) ends at `end`. */
  answered(end: number): void {
    this.backlogEnd = end
    const waiting = this.waiting
    this.waiting = []
    for (const frame of waiting) this.deliver(frame)
  }

  receive(offset: number, data: string, replace = false): void {
    if (this.backlogEnd === undefined) this.waiting.push({ offset, data, replace })
    else this.deliver({ offset, data, replace })
  }

  private deliver({ offset, data, replace }: Frame): void {
    if (replace) return this.sink.replace(data)
    const seen = Math.min(data.length, Math.max(0, (this.backlogEnd ?? 0) - offset))
    if (seen > 0) this.sink.skip(seen)
    if (seen < data.length) this.sink.write(seen === 0 ? data : data.slice(seen))
  }
}
