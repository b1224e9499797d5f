import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import * as nodePty from 'node-pty'
import type { PaneInfo } from '../../shared/bridge'
import { HostError } from '../bridge'
import type { Logger } from '../log'
import { Backlog } from './backlog'
import { OutputBatcher } from './output-batcher'
import { paneEnvironment, resolveUserShell } from './shell'

export interface PaneManagerEvents {
  onData(paneId: string, data: string): void
  onExit(paneId: string, exitCode: number, signal: number | undefined): void
  onChanged(panes: PaneInfo[]): void
}

export interface CreatePaneRequest {
  kind: 'shell'
  cwd?: string
  cols: number
  rows: number
}

interface Pane {
  info: PaneInfo
  pty: nodePty.IPty
  batcher: OutputBatcher
  backlog: Backlog
  exited: Promise<void>
}

/** How long a pane's process gets to exit after SIGHUP before SIGKILL. */
const KILL_GRACE_MS = 2000

/** Owns every pane's PTY: spawn, input, resize, batched output, and ending it. */
export class PaneManager {
  private readonly panes = new Map<string, Pane>()

  constructor(
    private readonly events: PaneManagerEvents,
    private readonly log: Logger,
    private readonly defaultCwd: string
  ) {}

  list(): PaneInfo[] {
    return [...this.panes.values()].map((pane) => ({ ...pane.info }))
  }

  create(request: CreatePaneRequest): PaneInfo {
    const cwd = request.cwd ?? this.defaultCwd
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new HostError('invalid_input', `Working folder does not exist: ${cwd}`)
    }
    const shell = resolveUserShell(process.env, process.platform)
    const pty = nodePty.spawn(shell.file, shell.args, {
      name: 'xterm-256color',
      cols: request.cols,
      rows: request.rows,
      cwd,
      env: paneEnvironment(process.env)
    })
    const id = randomUUID()
    const info: PaneInfo = {
      id,
      kind: request.kind,
      title: `${basename(shell.file)} — ${basename(cwd) || cwd}`,
      cwd,
      cols: request.cols,
      rows: request.rows,
      pid: pty.pid
    }
    const backlog = new Backlog()
    const batcher = new OutputBatcher((data) => this.events.onData(id, data))
    pty.onData((data) => {
      backlog.append(data)
      batcher.push(data)
    })
    const exited = new Promise<void>((resolve) => {
      pty.onExit(({ exitCode, signal }) => {
        batcher.drain()
        info.exit = { exitCode, signal: signal || undefined }
        this.log.info('pane exited', { paneId: id, exitCode, signal })
        this.events.onExit(id, exitCode, signal || undefined)
        this.changed()
        resolve()
      })
    })
    this.panes.set(id, { info, pty, batcher, backlog, exited })
    this.log.info('pane created', { paneId: id, shell: shell.file, cwd, pid: pty.pid })
    this.changed()
    return { ...info }
  }

  attach(paneId: string): { pane: PaneInfo; backlog: string } {
    const pane = this.get(paneId)
    return { pane: { ...pane.info }, backlog: pane.backlog.text() }
  }

  write(paneId: string, data: string): void {
    const pane = this.get(paneId)
    if (!pane.info.exit) pane.pty.write(data)
  }

  resize(paneId: string, cols: number, rows: number): void {
    const pane = this.get(paneId)
    if (pane.info.exit || (pane.info.cols === cols && pane.info.rows === rows)) return
    pane.pty.resize(cols, rows)
    pane.info.cols = cols
    pane.info.rows = rows
  }

  async close(paneId: string): Promise<void> {
    const pane = this.get(paneId)
    await this.terminate(pane)
    this.panes.delete(paneId)
    this.changed()
  }

  /** Ends every pane's process; the host calls it on quit. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.panes.values()].map((pane) => this.terminate(pane)))
    this.panes.clear()
  }

  private async terminate(pane: Pane): Promise<void> {
    if (pane.info.exit) return
    pane.pty.kill('SIGHUP')
    const escalate = setTimeout(() => pane.pty.kill('SIGKILL'), KILL_GRACE_MS)
    await pane.exited
    clearTimeout(escalate)
  }

  private get(paneId: string): Pane {
    const pane = this.panes.get(paneId)
    if (!pane) throw new HostError('not_found', `No pane with id ${paneId}`)
    return pane
  }

  private changed(): void {
    this.events.onChanged(this.list())
  }
}
