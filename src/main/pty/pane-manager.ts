import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import type { PaneAgentInfo, PaneAutoRestart, PaneInfo, PaneKind } from '../../shared/bridge'
import type { PaneCost } from '../../shared/costs'
import type { PaneTask } from '../../shared/tasks'
import type { PaneStatus } from '../../shared/status'
import type { LaunchSpec } from '../agents'
import { HostError } from '../bridge'
import type { Logger } from '../log'
import { DEFAULT_FAST_FORWARD, type FastForwardOptions } from './fast-forward'
import { DEFAULT_FLOW, type FlowOptions } from './flow-control'
import { DEFAULT_MIRROR, MirrorHost, type MirrorOptions } from './mirror-host'
import { ClientSizes } from './client-sizes'
import { Pane, type PaneStats } from './pane'
import { errorMessage } from './pane-output'
import { DEFAULT_WINDOW_SIZE, type CellSize, type WindowSizePolicy } from './size-policy'

export interface PaneManagerEvents {
  /** `offset`: where the frame starts in the pane's output stream; `replace`: see PaneContext.onData. */
  onData(paneId: string, data: string, offset: number, replace?: true): void
  /** Emitted after the pane's last onData. */
  onExit(paneId: string, exitCode: number, signal: number | undefined): void
  onChanged(panes: PaneInfo[]): void
  /** Flow control paused or resumed the pane's PTY. */
  onFlow?(paneId: string, paused: boolean): void
  /** The program set its title (OSC 0/2). */
  onTitle?(paneId: string, title: string): void
}

export interface CreatePaneRequest {
  kind: PaneKind
  cwd?: string
  cols: number
  rows: number
  /** Chosen by the caller when it prepared files for the pane; a new uuid otherwise. */
  id?: string
  /** How to start the program from the host's environment; the kind's plain command otherwise. */
  launch?: (env: Record<string, string>) => LaunchSpec
  agent?: PaneAgentInfo
  /** A pane brought back after the host stopped: its saved screen and title show until its program draws. */
  restored?: { screen: string; savedAt: string; title: string }
  /** false: created without starting its program (start() later); a restored pane whose folder is gone waits so. */
  start?: boolean
}

export interface PaneManagerOptions {
  flow?: Partial<FlowOptions>
  /** false: the pane in use is paused like any other when its clients fall behind. */
  fastForward?: Partial<FastForwardOptions> | false
  /** false: no headless mirrors (snapshot and screenText then reject). */
  mirror?: Partial<MirrorOptions> | false
  /** How long a pane's processes get after SIGHUP before SIGKILL. */
  killGraceMs?: number
  /** The environment programs start from; the host's own by default. */
  env?: NodeJS.ProcessEnv
  /** How a pane shown by several clients picks its size (see size-policy.ts). */
  windowSize?: WindowSizePolicy
}

const DEFAULT_KILL_GRACE_MS = 2000

export type { PaneStats }

/** Owns every pane: its processes, input, resize, batched and flow-controlled output, mirror and end. */
export class PaneManager {
  private readonly panes = new Map<string, Pane>()
  private readonly restarts = new Map<string, Promise<PaneInfo>>()
  private readonly mirror: MirrorHost
  private readonly flowOptions: FlowOptions
  private readonly fastForward: FastForwardOptions | false
  /** The pane last written to: the one the user works in. */
  private inUse: string | undefined
  private readonly killGraceMs: number
  private readonly env: NodeJS.ProcessEnv
  private readonly clientSizes: ClientSizes

  constructor(
    private readonly events: PaneManagerEvents,
    private readonly log: Logger,
    private readonly defaultCwd: string,
    options: PaneManagerOptions = {}
  ) {
    this.flowOptions = { ...DEFAULT_FLOW, ...options.flow }
    this.fastForward = options.fastForward === false ? false : { ...DEFAULT_FAST_FORWARD, ...options.fastForward }
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS
    this.env = options.env ?? process.env
    this.clientSizes = new ClientSizes(options.windowSize ?? DEFAULT_WINDOW_SIZE)
    const mirrorOptions = options.mirror === false ? { ...DEFAULT_MIRROR, enabled: false } : { ...DEFAULT_MIRROR, ...options.mirror }
    this.mirror = new MirrorHost(
      {
        onParsed: (paneId, chars) => this.panes.get(paneId)?.mirror.parsed(chars),
        onTitle: (paneId, title) => {
          this.panes.get(paneId)?.setOscTitle(title)
          this.events.onTitle?.(paneId, title)
        },
        onRestart: () => this.panes.forEach((pane) => pane.mirror.reset())
      },
      log.child('mirror'),
      mirrorOptions
    )
  }

  list(): PaneInfo[] {
    return [...this.panes.values()].map((pane) => ({ ...pane.info }))
  }

  /** Creates a pane; one whose program cannot start is still created, with `error` set. */
  create(request: CreatePaneRequest): PaneInfo {
    const cwd = request.cwd ?? this.defaultCwd
    if (request.start !== false && (!existsSync(cwd) || !statSync(cwd).isDirectory())) {
      throw new HostError('invalid_input', `Working folder does not exist: ${cwd}`)
    }
    const id = request.id ?? randomUUID()
    if (this.panes.has(id)) throw new HostError('invalid_input', `Pane ${id} already exists`)
    const info: PaneInfo = { id, kind: request.kind, title: '', cwd, cols: request.cols, rows: request.rows }
    if (request.agent) info.agent = request.agent
    const pane = new Pane(info, request.launch, {
      onData: (paneId, data, offset, replace) => this.events.onData(paneId, data, offset, replace),
      onExit: (paneId, exit) => this.events.onExit(paneId, exit.exitCode, exit.signal),
      onFlow: (paneId, paused) => this.events.onFlow?.(paneId, paused),
      onChanged: () => this.changed(),
      mirror: this.mirror,
      log: this.log,
      flow: this.flowOptions,
      fastForward: this.fastForward,
      inUse: (paneId) => paneId === this.inUse,
      env: this.env
    })
    this.panes.set(info.id, pane)
    if (request.restored) pane.showRestored(request.restored.screen, request.restored.savedAt, request.restored.title)
    if (request.start !== false) pane.start()
    this.changed()
    return { ...pane.info }
  }

  /** Starts the program of a pane created with `start: false`; one already running is left alone. */
  start(paneId: string): PaneInfo {
    const pane = this.get(paneId)
    if (!pane.running) {
      pane.start()
      this.changed()
    }
    return { ...pane.info }
  }

  /** The title the pane's program set (empty: none), to be saved. */
  programTitle(paneId: string): string {
    return this.panes.get(paneId)?.programTitle ?? ''
  }

  /** The running program's pid and start time, to be saved (a later start can then tell whether it still runs). */
  processIdentity(paneId: string): { pid: number; startTime?: string } | undefined {
    return this.panes.get(paneId)?.processIdentity
  }

  /**
   * Starts the pane's program again in place: same id, folder and size, a new process.
   * A pane still running is ended first (its whole tree), so restart also unsticks one.
   */
  restart(paneId: string): Promise<PaneInfo> {
    const pending = this.restarts.get(paneId)
    if (pending) return pending
    const restart = this.restartPane(this.get(paneId)).finally(() => this.restarts.delete(paneId))
    this.restarts.set(paneId, restart)
    return restart
  }

  attach(paneId: string): { pane: PaneInfo; backlog: string; end: number } {
    const pane = this.get(paneId)
    return { pane: { ...pane.info }, ...pane.attach() }
  }

  /** Replaces what the header shows about the pane's agent. */
  setAgentInfo(paneId: string, agent: PaneAgentInfo): void {
    this.get(paneId).info.agent = agent
    this.changed()
  }

  /** Where the pane's program works now (read afresh: a split inherits it), and why it cannot start there, if so. */
  currentFolder(paneId: string): { folder: string; problem: string | undefined } {
    const pane = this.get(paneId)
    if (pane.refreshFolder()) this.changed()
    return { folder: pane.info.cwd, problem: pane.info.folderProblem }
  }

  /** The pane's next start runs in `folder` (checked by the caller). */
  moveTo(paneId: string, folder: string): void {
    this.get(paneId).moveTo(folder)
    this.changed()
  }

  /** The pane's folder is gone: its info says so, and the clients offer to choose another. */
  setFolderProblem(paneId: string, problem: string): void {
    const pane = this.get(paneId)
    if (pane.info.folderProblem === problem) return
    pane.info.folderProblem = problem
    this.changed()
  }

  /** What the header shows of an agent pane's restarts after a crash; a pane closed meanwhile is skipped. */
  setAutoRestart(paneId: string, autoRestart: PaneAutoRestart): void {
    const pane = this.panes.get(paneId)
    if (!pane) return
    pane.info.autoRestart = autoRestart
    this.changed()
  }

  /** What a Claude pane's header shows of its tokens, cost and budget; a pane closed meanwhile is skipped. */
  setCost(paneId: string, cost: PaneCost): void {
    const pane = this.panes.get(paneId)
    if (!pane) return
    pane.info.cost = cost
    this.changed()
  }

  /** Marks who created the pane (an MCP client, say); a pane closed meanwhile is skipped. */
  setCreator(paneId: string, creator: string): void {
    const pane = this.panes.get(paneId)
    if (!pane || pane.info.creator === creator) return
    pane.info.creator = creator
    this.changed()
  }

  /** What the header shows of the task the pane runs (undefined: none); a pane closed meanwhile is skipped. */
  setTask(paneId: string, task: PaneTask | undefined): void {
    const pane = this.panes.get(paneId)
    if (!pane || JSON.stringify(pane.info.task) === JSON.stringify(task)) return
    if (task) pane.info.task = task
    else delete pane.info.task
    this.changed()
  }

  /** Ends the pane's program (its whole tree) and keeps the pane, showing it exited; restart() starts it again. */
  async stop(paneId: string): Promise<void> {
    await this.get(paneId).end(this.killGraceMs)
  }

  /** Keeps the pane's latest status in its info (for list and attach); `pane.status` carries changes. */
  setStatus(paneId: string, status: PaneStatus): void {
    const pane = this.panes.get(paneId)
    if (pane) pane.info.status = status
  }

  /** Whether the pane's program is running now and its pid. */
  process(paneId: string): { running: boolean; pid: number | undefined } {
    const pane = this.get(paneId)
    return { running: pane.running, pid: pane.info.pid }
  }

  /** Whether the pane's program (not a job it started) holds the terminal; undefined when not running or closing. */
  programInForeground(paneId: string): boolean | undefined {
    return this.panes.get(paneId)?.programInForeground
  }

  /** The job a pane's shell runs in the foreground (its name), so closing the pane can ask first. */
  foregroundJob(paneId: string): string | undefined {
    return this.get(paneId).foregroundJob
  }

  write(paneId: string, data: string): void {
    this.get(paneId).write(data)
    this.inUse = paneId
  }

  /** Gives the pane's PTY this size; clients learn it from panes.changed. */
  resize(paneId: string, cols: number, rows: number): void {
    const pane = this.get(paneId)
    if (pane.info.cols === cols && pane.info.rows === rows) return
    pane.resize(cols, rows)
    this.changed()
  }

  /**
   * A client shows the pane in this many cells: the pane takes the size the policy picks
   * over its clients. A late report for a pane just closed is ignored, as acks are.
   */
  clientSize(paneId: string, clientId: string, size: CellSize): void {
    if (this.panes.has(paneId)) this.resizeTo(paneId, this.clientSizes.report(paneId, clientId, size))
  }

  /** A client no longer shows the pane (another pane is zoomed over the grid, say): its size stops counting at once. */
  clientReleased(paneId: string, clientId: string): void {
    if (this.panes.has(paneId)) this.resizeTo(paneId, this.clientSizes.release(paneId, clientId))
  }

  /**
   * A client parsed `chars` of the pane's output. Acks from any client count (see
   * FlowControl); a late ack for a pane just closed is ignored, not an error.
   */
  ack(paneId: string, chars: number): void {
    this.panes.get(paneId)?.flow.ack(chars)
  }

  /**
   * A client went away (a reload, a closed tab or window): what it had not acknowledged
   * never will be, so every pane counts afresh from the next ack instead of waiting for
   * the stall timeout. Clients still watching just carry on acking. Its sizes stop
   * counting at once, so a pane it kept small grows to fit the clients left.
   */
  clientLeft(clientId: string): void {
    for (const pane of this.panes.values()) pane.flow.detach()
    for (const { paneId, size } of this.clientSizes.leave(clientId)) this.resizeTo(paneId, size)
  }

  /** Flow-control and mirror counters, for diagnostics and tests. */
  stats(paneId: string): PaneStats {
    return this.get(paneId).stats()
  }

  /** The pane's screen and scrollback, serialized (escape sequences included). */
  snapshot(paneId: string): Promise<string> {
    this.get(paneId).mirror.beforeRead()
    return this.mirror.snapshot(paneId).catch((error: unknown) => Promise.reject(new HostError('failed', errorMessage(error))))
  }

  /** The pane's visible rows as text; with lastLines, its last that many lines of scrollback and screen. */
  screenText(paneId: string, lastLines?: number): Promise<string[]> {
    this.get(paneId).mirror.beforeRead()
    return this.mirror.screenText(paneId, lastLines).catch((error: unknown) => Promise.reject(new HostError('failed', errorMessage(error))))
  }

  async close(paneId: string): Promise<void> {
    const pane = this.get(paneId)
    // Gone from the map first: a restart under way then starts nothing (see restartPane).
    this.panes.delete(paneId)
    this.clientSizes.forget(paneId)
    await pane.end(this.killGraceMs)
    pane.dispose()
    this.changed()
  }

  /** Ends every pane's process tree and the mirror worker; the host calls it on quit. */
  async closeAll(): Promise<void> {
    const panes = [...this.panes.values()]
    this.panes.clear() // restarts under way start nothing
    await Promise.all(panes.map((pane) => pane.end(this.killGraceMs)))
    panes.forEach((pane) => pane.dispose())
    await this.mirror.dispose()
  }

  /** Test and diagnostics hook: makes the mirror worker crash as a bug in it would. */
  crashMirrorForTest(): void {
    this.mirror.simulateCrash()
  }

  private async restartPane(pane: Pane): Promise<PaneInfo> {
    await pane.end(this.killGraceMs)
    if (this.panes.get(pane.info.id) !== pane) throw new HostError('not_found', `Pane ${pane.info.id} was closed`)
    pane.restart()
    this.changed()
    return { ...pane.info }
  }

  /** No size: no client shows the pane, which keeps the size it has. */
  private resizeTo(paneId: string, size: CellSize | undefined): void {
    if (size) this.resize(paneId, size.cols, size.rows)
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
