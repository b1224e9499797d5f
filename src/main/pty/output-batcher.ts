/**
 * Coalesces a PTY's many small reads into frames: one flush per interval or as
 * soon as the frame reaches maxChars, so a flood costs few messages. Output after a
 * quiet interval (typically a keystroke's echo) leaves on the next timer turn instead,
 * coalescing only the reads of that moment.
 */
export class OutputBatcher {
  private chunks: string[] = []
  private size = 0
  private timer: NodeJS.Timeout | undefined
  private lastFlushAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly flush: (data: string) => void,
    private readonly intervalMs = 5,
    private readonly maxChars = 64 * 1024
  ) {}

  push(data: string): void {
    this.chunks.push(data)
    this.size += data.length
    if (this.size >= this.maxChars) return this.drain()
    if (this.timer) return
    const quiet = Date.now() - this.lastFlushAt >= this.intervalMs
    this.timer = setTimeout(() => this.drain(), quiet ? 0 : this.intervalMs)
  }

  drain(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.size === 0) return
    this.lastFlushAt = Date.now()
    const frame = this.chunks.join('')
    this.chunks = []
    this.size = 0
    this.flush(frame)
  }
}
