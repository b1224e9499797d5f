import { describe, expect, it } from 'vitest'
import { chunkInput, InputSender } from '../../src/renderer/src/terminal/input-sender'

const START = '\x1b[200~'
const END = '\x1b[201~'

/** A host that takes each write only when told to, recording what it got. */
class SlowHost {
  readonly received: string[] = []
  inFlight = 0
  maxInFlight = 0
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = []

  write = (data: string): Promise<unknown> => {
    this.received.push(data)
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    return new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject })).finally(() => (this.inFlight -= 1))
  }

  /** Takes every write handed over until nothing is pending. */
  async drain(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      const next = this.waiting.shift()
      if (!next) return
      next.resolve()
    }
  }

  async failNext(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0))
    this.waiting.shift()?.reject(new Error('zod: too big'))
  }
}

describe('chunkInput', () => {
  it('keeps a short input whole', () => {
    expect(chunkInput('ls\r', 8)).toEqual(['ls\r'])
    expect(chunkInput('', 8)).toEqual([])
  })

  it('cuts a bracketed paste so only the first piece opens it and only the last closes it', () => {
    const paste = `${START}${'x'.repeat(100)}\r${'y'.repeat(50)}${END}`
    for (let size = 7; size <= 40; size++) {
      const chunks = chunkInput(paste, size)
      expect(chunks.join('')).toBe(paste)
      expect(chunks.every((chunk) => chunk.length <= size)).toBe(true)
      expect(chunks[0]?.startsWith(START)).toBe(true)
      expect(chunks.at(-1)?.endsWith(END)).toBe(true)
      // Each marker whole in its piece: the pieces between hold no part of either.
      for (const middle of chunks.slice(1, -1)) expect(middle).not.toContain('\x1b')
      expect(chunks[0]?.replace(START, '')).not.toContain('\x1b')
      expect(chunks.at(-1)?.replace(END, '')).not.toContain('\x1b')
    }
  })

  it('never splits a surrogate pair', () => {
    const text = 'ab😀cd😀😀e'
    for (const size of [2, 3, 4, 5]) {
      const chunks = chunkInput(text, size)
      expect(chunks.join('')).toBe(text)
      for (const chunk of chunks) expect(chunk).toBe(Array.from(chunk).join('')) // each piece is valid on its own
      for (const chunk of chunks) expect(/[\ud800-\udbff]$/.test(chunk)).toBe(false)
    }
  })

  it('cuts the bridge-breaking paste of the issue under the bridge cap', () => {
    const chunks = chunkInput('z'.repeat(1_048_600))
    expect(chunks.every((chunk) => chunk.length <= 1_000_000)).toBe(true)
    expect(chunks.join('').length).toBe(1_048_600)
  })
})

describe('InputSender', () => {
  it('sends a large paste one piece at a time, in order, with typing after it', async () => {
    const host = new SlowHost()
    const notices: string[] = []
    const sender = new InputSender({ write: host.write, notify: (message) => notices.push(message), chunkChars: 10 })
    const paste = `${START}${'p'.repeat(35)}${END}`
    sender.send(paste)
    sender.send('k')
    await host.drain()
    expect(host.received.join('')).toBe(`${paste}k`)
    expect(host.received.length).toBe(Math.ceil(paste.length / 10) + 1)
    expect(host.maxInFlight).toBe(1)
    expect(notices).toEqual([])
  })

  it('sends a keystroke straight away when nothing waits', () => {
    const host = new SlowHost()
    const sender = new InputSender({ write: host.write, notify: () => undefined })
    sender.send('a')
    sender.send('b')
    expect(host.received).toEqual(['a', 'b'])
  })

  it('refuses a paste over the limit before sending any of it, with a message for the UI', async () => {
    const host = new SlowHost()
    const notices: string[] = []
    const sender = new InputSender({ write: host.write, notify: (message) => notices.push(message), maxChars: 100 })
    sender.send('x'.repeat(101))
    await host.drain()
    expect(host.received).toEqual([])
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^Paste refused: .* Nothing was sent\.$/)
  })

  it('stops a failed paste and reports it once, without the internal error text', async () => {
    const host = new SlowHost()
    const notices: string[] = []
    const sender = new InputSender({ write: host.write, notify: (message) => notices.push(message), chunkChars: 4 })
    sender.send('abcdefghijkl')
    await host.failNext()
    await host.drain()
    expect(host.received).toEqual(['abcd'])
    expect(notices).toEqual(['Input could not be sent to the pane; the rest of it was dropped.'])
    sender.send('m')
    await host.drain()
    expect(host.received).toEqual(['abcd', 'm'])
  })
})
