import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { PaneInfo } from '../../shared/bridge'
import { launchSpec, type LaunchSpec } from '../agents'
import type { Logger } from '../log'
import { Backlog } from './backlog'
import { endProcessTree } from './end-tree'
import { FastForward, type FastForwardHooks, type FastForwardOptions } from './fast-forward'
import { FlowControl, type FlowOptions, type FlowStats } from './flow-control'
import { MirrorFeed, type MirrorFeedStats } from './mirror-feed'
import type { MirrorHost } from './mirror-host'
import { OutputBatcher } from './output-batcher'
import { FolderFollower, foregroundFolder, lastOsc7Folder, type ProcessFolder } from './pane-folder'
import { defaultTitle, errorBanner, errorMessage, execFailure, flattenedScreen, hasVisibleText, RESTART_RESET } from './pane-output'
import { readProcess } from './process-tree'
import { spawnPty, type PtyExit, type PtyProcess } from './pty-process'
import { paneEnvironment } from './shell'

/** What a pane reports to its manager. */
export interface PaneContext {
  /**
   * `offset`: where the frame starts in the pane's output stream (see Pane.attach).
   * `replace`: the frame is the newest output from a line start, and replaces what the
   * terminal shows and whatever output before it a client has not written yet (see FastForward).
   */
  onData(paneId: string, data: string, offset: number, replace?: true): void
  onExit(paneId: string, exit: PtyExit): void
  onFlow(paneId: string, paused: boolean): void
  onChanged(): void
  mirror: MirrorHost
  log: Logger
  flow: FlowOptions
  /** false: a pane is always paused when its clients fall behind, never skipped ahead. */
  fastForward: FastForwardOptions | false
  /** Whether this is the pane the user works in (the last one written to). */
  inUse(paneId: string): boolean
  /** The environment programs start from (the host's, normally). */
  env: NodeJS.ProcessEnv
}

export type PaneStats = FlowStats &
  MirrorFeedStats & {
    /** Times the pane skipped ahead of its clients (see FastForward), and whether it does now. */
    fastForwards: number
    skipping: boolean
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
  private readonly fastForward: FastForward | undefined
  private run: Run | undefined
  private oscTitle = ''
  /** The folder the shell last reported with OSC 7, which wins over /proc: the shell knows where the user is. */
  private reportedFolder: string | undefined
  /** A run moved to another folder for the next start: where it works no longer counts. */
  private movedRun: Run | undefined
  private readonly folder = new FolderFollower(() => this.refreshFolder() && this.context.onChanged())
  /** Characters output so far (the backlog's end) and framed so far (sent, or skipped while fast-forwarding). */
  private outputEnd = 0
  private sentEnd = 0
  /** Where the current skip started in the output stream. */
  private skipStart = 0

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
    if (context.fastForward) this.fastForward = new FastForward(this.skipHooks(), context.fastForward)
    this.mirror = new MirrorFeed(info.id, context.mirror, () => this.backlog.tail())
    context.mirror.open(info.id, info.cols, info.rows)
  }

  /** Starts the program; one missing or unstartable leaves the pane with `error`. The caller reports the change. */
  start(): void {
    delete this.info.exit
    delete this.info.error
    delete this.info.folderProblem
    // A restored pane keeps its saved title until its program sets one.
    if (!this.info.restored) this.oscTitle = ''
    this.reportedFolder = undefined
    try {
      this.spawn(this.launch(paneEnvironment(this.context.env)))
    } catch (error) {
      this.fail(errorMessage(error))
    }
    this.updateTitle()
  }

  /**
   * Shows a screen saved before the host stopped, before the program starts: drawn as the
   * start of the pane's output (never the old program's raw bytes), then the terminal is
   * reset so the new program draws below it. The pane is marked restored until the new
   * program shows text. `title` stands until the program sets its own.
   */
  showRestored(screen: string, savedAt: string, title: string): void {
    this.output(flattenedScreen(screen) + RESTART_RESET)
    this.info.restored = { savedAt }
    this.oscTitle = title
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

  /** The name of the job holding the terminal instead of the pane's own program, if one does. */
  get foregroundJob(): string | undefined {
    if (this.programInForeground !== false) return undefined
    return basename(this.run?.process.foreground ?? '') || 'a program'
  }

  /** The title the program set (OSC 0/2), or the restored one; empty when it set none. */
  get programTitle(): string {
    return this.oscTitle
  }

  /** The running program's pid and /proc start time (so a later check is safe from pid reuse). */
  get processIdentity(): { pid: number; startTime?: string } | undefined {
    const run = this.run
    if (!run || run.exited) return undefined
    return { pid: run.process.pid, ...(run.startTime !== undefined && { startTime: run.startTime }) }
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

  /**
   * Reads where the pane's program works now (OSC 7, else /proc) into its info: the
   * folder the header shows, splits inherit and a restart starts in. True when it changed.
   */
  refreshFolder(): boolean {
    const run = this.run
    // Before its first output the child may not have changed into its folder yet: /proc would name the host's.
    if (!run || run.exited || run === this.movedRun || run.firstOutput === '') return false
    const found: ProcessFolder | undefined = this.reportedFolder
      ? { folder: this.reportedFolder, gone: !existsSync(this.reportedFolder) }
      : this.followedFolder(run)
    if (!found) return false
    const problem = found.gone ? `The folder ${found.folder} no longer exists.` : undefined
    if (found.folder === this.info.cwd && problem === this.info.folderProblem) return false
    this.info.cwd = found.folder
    if (problem) this.info.folderProblem = problem
    else delete this.info.folderProblem
    this.updateTitle()
    return true
  }

  /**
   * A shell is where its foreground job is (it follows `cd`); an agent stays in the folder it
   * started in, whatever folder a tool it runs is in for a moment.
   */
  private followedFolder(run: Run): ProcessFolder | undefined {
    if (this.info.kind === 'shell') return foregroundFolder(run.process.pid)
    return { folder: this.info.cwd, gone: !existsSync(this.info.cwd) }
  }

  /** The next start (a restart) runs in `folder`, which the caller checked. */
  moveTo(folder: string): void {
    this.info.cwd = folder
    this.reportedFolder = undefined
    this.movedRun = this.run
    delete this.info.folderProblem
    this.updateTitle()
  }

  /** The program's title escape (OSC 0/2) wins over the default; an empty one clears it. */
  setOscTitle(title: string): void {
    this.oscTitle = title.trim()
    if (this.updateTitle()) this.context.onChanged()
  }

  /**
   * What a client needs to catch up: the backlog from its oldest whole line, and where it ends in the output
   * stream. Frames carry their own offset, so a client drops what the backlog already
   * holds whatever order the answer and the frames reach it in.
   */
  attach(): { backlog: string; end: number } {
    return { backlog: this.backlog.tail(), end: this.outputEnd }
  }

  stats(): PaneStats {
    return { ...this.flow.stats(), ...this.mirror.stats(), fastForwards: this.fastForward?.count ?? 0, skipping: this.fastForward?.skipping ?? false }
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
    this.folder.dispose()
    this.fastForward?.dispose()
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
    if (data.includes('\x1b]7;')) this.reportedFolder = lastOsc7Folder(data) ?? this.reportedFolder
    this.folder.outputSeen()
    this.output(data)
    if (this.info.restored && hasVisibleText(data)) this.drawnOverRestored()
  }

  /** The new program drew: the saved screen is history now, no longer marked. */
  private drawnOverRestored(): void {
    delete this.info.restored
    this.context.onChanged()
  }

  private exited(run: Run, exit: PtyExit): void {
    run.exited = true
    if (run !== this.run) return
    this.info.exit = exit
    const failure = execFailure(run.firstOutput, exit.exitCode)
    if (failure) this.fail(`Could not start ${run.file}: ${failure}`)
    // The final frame (and any error banner) goes out before the exit event.
    this.batcher.drain()
    this.fastForward?.finish()
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
    const offset = this.sentEnd
    this.sentEnd += frame.length
    this.mirror.write(frame)
    if (this.fastForward?.skipping) return this.fastForward.output()
    this.context.onData(this.info.id, frame, offset)
    this.flow.sent(frame.length) // may start a skip, which replaces this very frame at once
  }

  private skipHooks(): FastForwardHooks {
    return {
      replace: (extent) => {
        this.batcher.drain() // frames after the replacement start where the backlog ends
        const tail = this.backlog.tail(extent === 'screen' ? this.info.rows : undefined)
        this.context.onData(this.info.id, tail, this.outputEnd - tail.length, true)
      },
      stillWanted: () => this.running && this.context.inUse(this.info.id),
      ended: () => {
        // Count afresh: clients dropped what they held, so it is never acked. The
        // replacement's own ack then only lowers the count, which stops at zero.
        this.flow.restart()
        this.context.log.info('pane caught up', { paneId: this.info.id, skippedChars: this.outputEnd - this.skipStart })
        delete this.info.skipping
        this.context.onChanged()
      }
    }
  }

  private setPaused(paused: boolean): void {
    // The clients fell behind the pane in use: skip ahead instead of holding its program.
    if (paused && this.fastForward && !this.fastForward.skipping && this.running && this.context.inUse(this.info.id)) {
      this.skipStart = this.outputEnd
      this.context.log.info('pane skipping ahead of its clients', { paneId: this.info.id })
      this.info.skipping = true
      this.fastForward.start()
      this.context.onChanged()
    }
    if (this.fastForward?.skipping) return
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
