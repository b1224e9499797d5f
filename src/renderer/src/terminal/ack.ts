// Flow control: the host pauses a pane's PTY while too much output is unacknowledged.
// Acking per write would flood the bridge during a `yes` storm, so acks are summed
// and sent once enough has piled up or a frame's worth of time has passed.

export const ACK_BATCH_CHARS = 131_072
const ACK_DELAY_MS = 16

export class AckBatcher {
  private pending = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly send: (chars: number) => void) {}

  add(chars: number): void {
    if (chars <= 0) return
    this.pending += chars
    if (this.pending >= ACK_BATCH_CHARS) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), ACK_DELAY_MS)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending === 0) return
    const chars = this.pending
    this.pending = 0
    this.send(chars)
  }
}
