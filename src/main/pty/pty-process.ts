import { StringDecoder } from 'node:string_decoder'
import * as nodePty from 'node-pty'
import type { LaunchSpec } from '../agents'
import type { Logger } from '../log'
import { holdOutputUntilExit } from './exit-drain'

export interface PtyExit {
  exitCode: number
  signal?: number
}

export interface SpawnRequest extends LaunchSpec {
  cwd: string
  cols: number
  rows: number
}

export interface PtyListeners {
  onData(data: string): void
  /** Called once, after the last onData. */
  onExit(exit: PtyExit): void
}

/** A running PTY process: node-pty behind the few operations panes need. */
export interface PtyProcess {
  readonly pid: number
  /** The name of the terminal's foreground process (the shell itself when it waits at its prompt). */
  readonly foreground: string
  write(data: string): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
}

/** Spawns a PTY; throws when node-pty cannot start it. */
export function spawnPty(request: SpawnRequest, listeners: PtyListeners, log: Logger): PtyProcess {
  const pty = nodePty.spawn(request.file, request.args, {
    name: 'xterm-256color',
    cols: request.cols,
    rows: request.rows,
    cwd: request.cwd,
    env: request.env,
    // Raw bytes: the exit drain reads the master itself, and one decoder must see
    // every byte so a character split across reads still decodes.
    encoding: null
  })
  const decoder = new StringDecoder('utf8')
  const deliver = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk)
    if (text) listeners.onData(text)
  }
  // node-pty types onData as string; with encoding null it delivers Buffers.
  pty.onData(deliver)
  holdOutputUntilExit(pty, deliver, log)
  pty.onExit(({ exitCode, signal }) => {
    const tail = decoder.end()
    if (tail) listeners.onData(tail)
    listeners.onExit({ exitCode, signal: signal || undefined })
  })
  return {
    pid: pty.pid,
    get foreground() {
      return pty.process
    },
    write: (data) => pty.write(data),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume()
  }
}
