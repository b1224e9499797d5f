import xtermHeadless from '@xterm/headless'

// @xterm/headless ships CommonJS; its named exports are not visible to Node's ESM loader.
const { Terminal } = xtermHeadless

export type TextPattern = string | RegExp

export interface ScreenOptions {
  cols?: number
  rows?: number
}

interface Watcher {
  check: () => boolean
  resolve: () => void
  timer: NodeJS.Timeout
}

/**
 * A terminal screen parsed by xterm's headless core, so tests read what a user
 * would see. Waits are driven by xterm's write callback: each check runs after
 * a chunk has been parsed, never on a polling timer.
 */
export class HeadlessScreen {
  readonly terminal: InstanceType<typeof Terminal>
  private readonly watchers = new Set<Watcher>()
  private pending: Promise<void> = Promise.resolve()
  private currentTitle = ''
  private disposed = false

  constructor({ cols = 120, rows = 40 }: ScreenOptions = {}) {
    this.terminal = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 })
    this.terminal.onTitleChange((title) => (this.currentTitle = title))
  }

  /** Feeds PTY output; resolves once xterm has parsed it (writes stay in order). */
  write(data: string | Uint8Array): Promise<void> {
    if (this.disposed) return this.pending // late PTY output after dispose() is dropped
    const parsed = new Promise<void>((resolve) => {
      this.terminal.write(data, resolve)
    })
    this.pending = parsed.then(() => {
      this.notify()
    })
    return this.pending
  }

  /** Resolves when everything written so far is parsed. */
  flushed(): Promise<void> {
    return this.pending
  }

  get cols(): number {
    return this.terminal.cols
  }

  get rows(): number {
    return this.terminal.rows
  }

  /** The last OSC 0/2 window title the program set. */
  get title(): string {
    return this.currentTitle
  }

  /** The visible rows as text, trailing blanks trimmed. */
  lines(): string[] {
    const buffer = this.terminal.buffer.active
    const lines: string[] = []
    for (let row = 0; row < this.terminal.rows; row++) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '')
    }
    return lines
  }

  text(): string {
    return this.lines().join('\n')
  }

  /**
   * A visible row (0 = top) without its dim cells: programs draw hints and
   * placeholders dim, never typed text. A block cursor (inverse) on a hint's
   * first cell goes too.
   */
  lineWithoutDim(row: number): string {
    const buffer = this.terminal.buffer.active
    const line = buffer.getLine(buffer.viewportY + row)
    return line ? undimmedText(line) : ''
  }

  /** A string matches within one row; a RegExp is tested against the whole screen text. */
  includes(pattern: TextPattern): boolean {
    if (typeof pattern === 'string') return this.lines().some((line) => line.includes(pattern))
    return new RegExp(pattern.source, pattern.flags.replace('g', '')).test(this.text())
  }

  waitForText(pattern: TextPattern, timeoutMs = 10_000): Promise<void> {
    const shown = typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)
    return this.waitFor(() => this.includes(pattern), timeoutMs, `text ${shown}`)
  }

  /**
   * Resolves as soon as check() holds after a parsed write (or right away);
   * rejects after timeoutMs with the screen in the message.
   */
  waitFor(check: (screen: HeadlessScreen) => boolean, timeoutMs = 10_000, description = 'screen condition'): Promise<void> {
    if (check(this)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const watcher: Watcher = {
        check: () => check(this),
        resolve: () => {
          clearTimeout(watcher.timer)
          resolve()
        },
        timer: setTimeout(() => {
          this.watchers.delete(watcher)
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}. Screen:\n${this.dump()}`))
        }, timeoutMs)
      }
      this.watchers.add(watcher)
    })
  }

  /** The screen framed for error messages, blank tail rows dropped. */
  dump(): string {
    const lines = this.lines()
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    const width = this.terminal.cols
    const rule = `+${'-'.repeat(width)}+`
    return [rule, ...lines.map((line) => `|${line}`), rule, `title: ${JSON.stringify(this.currentTitle)}`].join('\n')
  }

  resize(cols: number, rows: number): void {
    this.terminal.resize(cols, rows)
    this.notify()
  }

  dispose(): void {
    this.disposed = true
    for (const watcher of this.watchers) clearTimeout(watcher.timer) // their waits stay pending
    this.watchers.clear()
    this.terminal.dispose()
  }

  private notify(): void {
    for (const watcher of this.watchers) {
      if (!watcher.check()) continue
      this.watchers.delete(watcher)
      watcher.resolve()
    }
  }
}

type BufferLine = NonNullable<ReturnType<InstanceType<typeof Terminal>['buffer']['active']['getLine']>>

function undimmedText(line: BufferLine): string {
  let text = ''
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x)
    if (!cell || cell.getWidth() === 0 || cell.isDim()) continue
    if (cell.isInverse() && line.getCell(x + 1)?.isDim()) continue
    text += cell.getChars() || ' '
  }
  return text.trimEnd()
}
