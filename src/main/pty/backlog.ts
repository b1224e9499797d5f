/** The last maxChars a pane printed, so a client that (re)attaches can catch up. */
export class Backlog {
  private chunks: string[] = []
  private size = 0

  constructor(private readonly maxChars = 512 * 1024) {}

  append(data: string): void {
    this.chunks.push(data)
    this.size += data.length
    // Drop whole chunks only while the rest still fills the cap; text() trims the remainder.
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.maxChars) {
      this.size -= this.chunks.shift()?.length ?? 0
    }
  }

  text(): string {
    const all = this.chunks.join('')
    return all.length > this.maxChars ? all.slice(all.length - this.maxChars) : all
  }
}
