/**
 * Coalesces a PTY's many small reads into frames: one flush per interval or as
 * soon as the frame reaches maxChars, so a flood costs few messages and a single
 * keystroke echo still leaves within a few milliseconds.
 */
export class OutputBatcher {
  private chunks: string[] = []
  private size = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly flush: (data: string) => void,
    private readonly intervalMs = 5,
    private readonly maxChars = 64 * 1024
  ) {}

  push(data: string): void {
    this.chunks.push(data)
    this.size += data.length
    if (this.size >= this.maxChars) this.drain()
    else this.timer ??= setTimeout(() => this.drain(), this.intervalMs)
  }

  drain(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.size === 0) return
    const frame = this.chunks.join('')
    this.chunks = []
    this.size = 0
    this.flush(frame)
  }
}
