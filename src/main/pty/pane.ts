import { basename } from 'node:path'
import type { PaneInfo } from '../../shared/bridge'
import { launchSpec, type LaunchSpec } from '../agents'
import type { Logger } from '../log'
import { Backlog } from './backlog'
import { endProcessTree } from './end-tree'
import { FlowControl, type FlowOptions, type FlowStats } from './flow-control'
import { MirrorFeed, type MirrorFeedStats } from './mirror-feed'
import type { MirrorHost } from './mirror-host'
import { OutputBatcher } from './output-batcher'
import { defaultTitle, errorBanner, errorMessage, execFailure, RESTART_RESET } from './pane-output'
import { readProcess } from './process-tree'
import { spawnPty, type PtyExit, type PtyProcess } from './pty-process'
import { paneEnvironment } from './shell'

/** What a pane reports to its manager. */
export interface PaneContext {
  /** `offset`: where the frame starts in the pane's output stream (see Pane.attach). */
  onData(paneId: string, data: string, offset: number): void
  onExit(paneId: string, exit: PtyExit): void
  onFlow(paneId: string, paused: boolean): void
  onChanged(): void
  mirror: MirrorHost
  log: Logger
  flow: FlowOptions
  /** The environment programs start from (the host's, normally). */
  env: NodeJS.ProcessEnv
}

/** One run of the pane's program; a restart makes a new one. */
interface Run {
  process: PtyProcess
  file: string
  /** The root's /proc start time, so its pid is never signalled after reuse. */
  startTime: string | undefined
  exited: boolean
  /** The first characters it printed: enough to recognise a failed exec. */
  firstOutput: string
}

const FIRST_OUTPUT_CHARS = 512

/** A pane: its program's runs, output (backlog, frames, mirror), flow control and title. */
export class Pane {
  readonly info: PaneInfo
  readonly backlog = new Backlog()
  readonly flow: FlowControl
  readonly mirror: MirrorFeed
  private readonly batcher: OutputBatcher
  private run: Run | undefined
  private oscTitle = ''
  /** Characters output so far (the backlog's end) and sent in frames so far. */
  private outputEnd = 0
  private sentEnd = 0

  private readonly launch: (env: Record<string, string>) => LaunchSpec

  constructor(
    info: PaneInfo,
    launch: ((env: Record<string, string>) => LaunchSpec) | undefined,
    private readonly context: PaneContext
  ) {
    this.launch = launch ?? ((env) => launchSpec(info.kind, env))
    this.info = info
    this.batcher = new OutputBatcher((frame) => this.send(frame))
    this.flow = new FlowControl((paused) => this.setPaused(paused), context.flow)
    this.mirror = new MirrorFeed(info.id, context.mirror, () => this.backlog.text())
    context.mirror.open(info.id, info.cols, info.rows)
  }

  /** Starts the program; one missing or unstartable leaves the pane with `error`. The caller reports the change. */
  start(): void {
    delete this.info.exit
    delete this.info.error
    this.oscTitle = ''
    try {
      this.spawn(this.launch(paneEnvironment(this.context.env)))
    } catch (error) {
      this.fail(errorMessage(error))
    }
    this.updateTitle()
  }

  /** Starts again in place after end(): same id, folder and size, a new process. */
  restart(): void {
    this.output(RESTART_RESET)
    this.start()
  }

  /**
   * Whether the pane's own program holds the terminal's foreground (a shell at its
   * prompt) rather than a job it started. /proc's tpgid where there is one; the
   * foreground process's name elsewhere.
   */
  get programInForeground(): boolean | undefined {
    const run = this.run
    if (!run || run.exited) return undefined
    const entry = readProcess(run.process.pid)
    if (entry) return entry.foregroundGroup === run.process.pid
    return basename(run.file) === basename(run.process.foreground).replace(/^-/, '')
  }

  get running(): boolean {
    return !!this.run && !this.run.exited
  }

  write(data: string): void {
    if (this.running) this.run?.process.write(data)
  }

  resize(cols: number, rows: number): void {
    if (this.info.cols === cols && this.info.rows === rows) return
    this.info.cols = cols
    this.info.rows = rows
    if (this.running) this.run?.process.resize(cols, rows)
    this.context.mirror.resize(this.info.id, cols, rows)
  }

  /** The program's title escape (OSC 0/2) wins over the default; an empty one clears it. */
  setOscTitle(title: string): void {
    this.oscTitle = title.trim()
    if (this.updateTitle()) this.context.onChanged()
  }

  /**
   * What a client needs to catch up: the backlog, and where it ends in the output
   * stream. Frames carry their own offset, so a client drops what the backlog already
   * holds whatever order the answer and the frames reach it in.
   */
  attach(): { backlog: string; end: number } {
    return { backlog: this.backlog.text(), end: this.outputEnd }
  }

  stats(): FlowStats & MirrorFeedStats {
    return { ...this.flow.stats(), ...this.mirror.stats() }
  }

  /** Ends the program's whole process tree (also what a finished program left running). */
  async end(graceMs: number): Promise<void> {
    const run = this.run
    // Without the root's start time an exited root's pid could name another process now.
    if (!run || (run.exited && run.startTime === undefined)) return
    const ended = await endProcessTree({
      root: run.process.pid,
      rootStart: run.startTime,
      rootExited: () => run.exited,
      graceMs
    })
    if (!ended) this.context.log.warn('processes survived SIGKILL', { paneId: this.info.id, pid: run.process.pid })
  }

  dispose(): void {
    this.flow.dispose()
    this.mirror.dispose()
    this.context.mirror.close(this.info.id)
  }

  private spawn(spec: LaunchSpec): void {
    const { cwd, cols, rows } = this.info
    const listeners = {
      onData: (data: string): void => this.received(run, data),
      onExit: (exit: PtyExit): void => this.exited(run, exit)
    }
    const child = spawnPty({ ...spec, cwd, cols, rows }, listeners, this.context.log)
    const startTime = readProcess(child.pid)?.startTime
    const run: Run = { process: child, file: spec.file, startTime, exited: false, firstOutput: '' }
    this.run = run
    this.info.pid = child.pid
    if (this.flow.stats().paused) child.pause()
    this.context.log.info('pane started', { paneId: this.info.id, file: spec.file, cwd, pid: child.pid })
  }

  private fail(message: string): void {
    this.run = undefined
    delete this.info.pid
    this.info.error = message
    this.output(errorBanner(message))
    this.context.log.warn('pane could not start', { paneId: this.info.id, kind: this.info.kind, message })
  }

  private received(run: Run, data: string): void {
    if (run.firstOutput.length < FIRST_OUTPUT_CHARS) run.firstOutput += data.slice(0, FIRST_OUTPUT_CHARS)
    this.output(data)
  }

  private exited(run: Run, exit: PtyExit): void {
    run.exited = true
    if (run !== this.run) return
    this.info.exit = exit
    const failure = execFailure(run.firstOutput, exit.exitCode)
    if (failure) this.fail(`Could not start ${run.file}: ${failure}`)
    // The final frame (and any error banner) goes out before the exit event.
    this.batcher.drain()
    this.context.log.info('pane exited', { paneId: this.info.id, ...exit })
    this.context.onExit(this.info.id, exit)
    this.context.onChanged()
  }

  private output(data: string): void {
    this.backlog.append(data)
    this.outputEnd += data.length
    this.batcher.push(data)
  }

  private send(frame: string): void {
    this.context.onData(this.info.id, frame, this.sentEnd)
    this.sentEnd += frame.length
    this.flow.sent(frame.length)
    this.mirror.write(frame)
  }

  private setPaused(paused: boolean): void {
    if (this.running) {
      if (paused) this.run?.process.pause()
      else this.run?.process.resume()
    }
    this.context.onFlow(this.info.id, paused)
  }

  /** True when the title changed. */
  private updateTitle(): boolean {
    const title = this.oscTitle || defaultTitle(this.info.kind, this.run?.file, this.info.cwd)
    if (title === this.info.title) return false
    this.info.title = title
    return true
  }
}
