import { SerializeAddon } from '@xterm/addon-serialize'
import { Terminal } from '@xterm/headless'
import type { FromMirror, ToMirror } from './mirror-protocol'

interface Mirror {
  terminal: Terminal
  serializer: SerializeAddon
}

/** The worker's side: one headless xterm per pane, kept in step with its frames. */
export class MirrorEngine {
  private readonly mirrors = new Map<string, Mirror>()
  private readonly parsed = new Map<string, number>()
  private reportScheduled = false

  constructor(private readonly post: (message: FromMirror) => void) {}

  handle(message: ToMirror): void {
    switch (message.type) {
      case 'open':
        return this.open(message.paneId, message.cols, message.rows, message.scrollback)
      case 'write':
        return this.write(message.paneId, message.data)
      case 'resize':
        return this.mirrors.get(message.paneId)?.terminal.resize(message.cols, message.rows)
      case 'close':
        return this.close(message.paneId)
      case 'snapshot':
        return this.read(message.type, message.requestId, message.paneId)
      case 'screen':
        return this.read(message.type, message.requestId, message.paneId, message.lastLines)
      case 'crash':
        throw new Error('mirror worker crash requested')
    }
  }

  private open(paneId: string, cols: number, rows: number, scrollback: number): void {
    this.close(paneId)
    const terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true })
    const serializer = new SerializeAddon()
    // The addon's typings name @xterm/xterm's Terminal; headless has the same API it uses.
    terminal.loadAddon(serializer as unknown as Parameters<Terminal['loadAddon']>[0])
    terminal.onTitleChange((title) => this.post({ type: 'title', paneId, title }))
    this.mirrors.set(paneId, { terminal, serializer })
  }

  private close(paneId: string): void {
    this.mirrors.get(paneId)?.terminal.dispose()
    this.mirrors.delete(paneId)
    this.parsed.delete(paneId)
  }

  private write(paneId: string, data: string): void {
    const mirror = this.mirrors.get(paneId)
    // Parsed or not, the characters are done with; report them so flow control moves on.
    if (!mirror) return this.countParsed(paneId, data.length)
    mirror.terminal.write(data, () => this.countParsed(paneId, data.length))
  }

  /** Coalesces parse reports: one message per pane per turn of the event loop. */
  private countParsed(paneId: string, chars: number): void {
    this.parsed.set(paneId, (this.parsed.get(paneId) ?? 0) + chars)
    if (this.reportScheduled) return
    this.reportScheduled = true
    setImmediate(() => {
      this.reportScheduled = false
      for (const [id, count] of this.parsed) this.post({ type: 'parsed', paneId: id, chars: count })
      this.parsed.clear()
    })
  }

  private read(kind: 'snapshot' | 'screen', requestId: number, paneId: string, lastLines?: number): void {
    const mirror = this.mirrors.get(paneId)
    if (!mirror) return this.post({ type: 'failed', requestId, message: `No mirror for pane ${paneId}` })
    // An empty write is a barrier: its callback runs once every earlier frame is parsed.
    mirror.terminal.write('', () => {
      // Without modes: a snapshot shows a screen; it must not turn on mouse or focus reports for whatever runs next.
      const lines = (): string[] => (lastLines === undefined ? screenLines(mirror.terminal) : bufferTail(mirror.terminal, lastLines))
      const value = kind === 'snapshot' ? mirror.serializer.serialize({ excludeModes: true }) : lines()
      this.post({ type: 'result', requestId, value })
    })
  }
}

/** The visible screen as text, one string per row, trailing blanks trimmed. */
function screenLines(terminal: Terminal): string[] {
  const buffer = terminal.buffer.active
  const lines: string[] = []
  for (let row = 0; row < terminal.rows; row++) {
    lines.push(buffer.getLine(buffer.baseY + row)?.translateToString(true) ?? '')
  }
  return lines
}

/** The last `count` lines of scrollback and screen as text, blank rows after the last printed one left out. */
function bufferTail(terminal: Terminal, count: number): string[] {
  const buffer = terminal.buffer.active
  let end = buffer.length
  while (end > 0 && (buffer.getLine(end - 1)?.translateToString(true) ?? '') === '') end--
  const lines: string[] = []
  for (let row = Math.max(0, end - count); row < end; row++) lines.push(buffer.getLine(row)?.translateToString(true) ?? '')
  return lines
}
