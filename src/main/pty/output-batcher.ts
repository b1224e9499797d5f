/**
 * Coalesces a PTY's many small reads into frames: one flush per interval or as
 * soon as the frame reaches maxChars, so a flood costs few messages. Output after a
 * quiet interval (typically a keystroke's echo) leaves once the event loop has handled
 * the reads of that moment (setImmediate: a 0 ms timer waits at least 1 ms in Node).
 */
export class OutputBatcher {
  private chunks: string[] = []
  private size = 0
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
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
    if (this.timer || this.immediate) return
    if (Date.now() - this.lastFlushAt >= this.intervalMs) this.immediate = setImmediate(() => this.drain())
    else this.timer = setTimeout(() => this.drain(), this.intervalMs)
  }

  drain(): void {
    clearTimeout(this.timer)
    clearImmediate(this.immediate)
    this.timer = undefined
    this.immediate = undefined
    if (this.size === 0) return
    this.lastFlushAt = Date.now()
    const frame = this.chunks.join('')
    this.chunks = []
    this.size = 0
    this.flush(frame)
  }
}
