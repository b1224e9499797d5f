import { randomUUID } from 'node:crypto'
import type { CallInput, PaneInfo, PaneKind } from '../../shared/bridge'
import type { StatusMethod } from '../../shared/status'
import { AgentSession, CliRefusedError, fitClaudeConfig, lastReplyModel, learnDefaultMode, learnModel, probeCli, resolveCommand, type CliProbe } from '../agents'
import type { AgentConfig } from '../../shared/agent-config'
import { HostError } from '../bridge'
import { explainConfig, resolveConfig, type ConfigLayers, type ConfigService, type ResolvedConfig } from '../config'
import { folderProblem } from '../folders'
import type { Logger } from '../log'
import type { PaneManager } from '../pty'
import type { StatusService } from '../status'
import { paneDir, removePaneDir } from './pane-dir'
import { runningEndpoint } from '../mcp'
import { untilTranscriptHolds, type FinishedTurn } from './transcript-flush'

/** An agent ended right after a turn waits at most this long for the CLI to write that turn down. */
const TRANSCRIPT_FLUSH_MS = 3_000

export interface AgentPanesOptions {
  panes: PaneManager
  config: ConfigService
  status: StatusService
  /** Per-pane files go to `<dataDir>/panes/<pane id>/`. */
  dataDir: string
  defaultCwd: string
  /** The environment the user started Tessera from (npm's script PATH removed): agent CLIs resolve in it. */
  env: NodeJS.ProcessEnv
  log: Logger
}

type CreateRequest = Omit<CallInput<'pane.create'>, 'beside'>

/** What a pane's agent needs to come back as it was after the host stops: saved with the pane. */
export interface AgentRecord {
  preset?: string
  /** The config layers it was resolved from (the model picked in the header included). */
  layers: ConfigLayers
  /** A model switch that was waiting for the turn to end: the restored agent starts on it. */
  pendingModel?: string
  /** The Claude conversation it was in (after /clear, the new one). */
  sessionId?: string
  /** Claude: the folder that conversation belongs to (resume must run there, whatever folder a tool was in). */
  conversationCwd?: string
}

/** A pane brought back after the host stopped, as it was saved. */
export interface RestoreRequest {
  id: string
  kind: PaneKind
  cwd: string
  cols: number
  rows: number
  agent: AgentRecord
  /** The title its program had set, shown until the new one sets its own. */
  title?: string
  /** Its last screen (serialized), shown until the new program draws. */
  screen?: { data: string; savedAt: string }
}

interface Entry {
  session: AgentSession
  layers: ConfigLayers
  /** A model switch being applied (the restart under way). */
  switching?: Promise<void>
  /** The permission mode a hook reported since the last launch; the first one is the CLI's default when the pane sets none. */
  modeSeen?: string
  /** Claude: the last turn's Stop, so a restart can wait until the CLI wrote that reply to its transcript. */
  lastTurn?: FinishedTurn
}

/** Claude reports itself through hooks; a shell's job shows in the process table; others only by output. */
function statusMethod(kind: PaneKind): StatusMethod {
  if (kind === 'claude') return 'hooks'
  return kind === 'shell' ? 'process' : 'activity'
}

/**
 * Panes with an agent config: creates them from presets, workspace defaults and
 * overrides, and switches a running agent's model without losing its conversation.
 */
export class AgentPanes {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly options: AgentPanesOptions) {}

  /** Resolves and validates the config first, so a bad request starts no process. */
  async create(request: CreateRequest): Promise<PaneInfo> {
    const { panes, config, status, dataDir, defaultCwd } = this.options
    const kind = request.kind ?? 'shell'
    const cwd = request.cwd ?? defaultCwd
    const problem = folderProblem(cwd)
    if (problem) throw new HostError('invalid_input', `The folder ${cwd} ${problem}. Choose another folder for the new pane.`)
    const { resolved, layers, preset } = config.resolvePane({ kind, cwd, preset: request.preset, config: request.config, model: request.model })
    const cli = await this.probe(kind, resolved.config)
    // Refused before anything starts: a value this CLI does not accept.
    if (kind === 'claude') refuseUnfit(() => fitClaudeConfig(resolved.config, cli))
    await status.ready()
    const id = randomUUID()
    const session = this.newSession({ id, kind, cwd, resolved, preset })
    session.useCli(cli)
    this.entries.set(id, { session, layers })
    try {
      panes.create({ kind, cwd, cols: request.cols, rows: request.rows, id, launch: (env) => session.launch(env), agent: session.info() })
    } catch (error) {
      this.entries.delete(id)
      status.untrack(id)
      await removePaneDir(dataDir, id, this.options.log)
      throw error
    }
    this.launched(id)
    return this.publish(id)
  }

  /**
   * Brings a saved pane back with its id, folder, size, config and conversation, showing its
   * last screen; its program starts with startRestored(), so every pane's screen can show
   * before any agent is launched. A pane whose folder is gone waits for the user to pick another.
   */
  restore(request: RestoreRequest): PaneInfo {
    const { panes, status } = this.options
    const { id, kind, cwd, agent } = request
    const layers = agent.pendingModel ? { ...agent.layers, model: agent.pendingModel } : agent.layers
    const resolved = resolveConfig(kind, layers)
    const session = this.newSession({ id, kind, cwd, resolved, preset: agent.preset, sessionId: agent.sessionId })
    this.entries.set(id, { session, layers })
    const restored = request.screen && { screen: request.screen.data, savedAt: request.screen.savedAt, title: request.title ?? '' }
    try {
      panes.create({ kind, cwd, cols: request.cols, rows: request.rows, id, launch: (env) => session.launch(env), agent: session.info(), start: false, ...(restored && { restored }) })
    } catch (error) {
      this.entries.delete(id)
      status.untrack(id)
      throw error
    }
    this.folderGone(id)
    return this.publish(id)
  }

  /** The pane's agent session, its status tracked (hooks for Claude) from now on. */
  private newSession(pane: { id: string; kind: PaneKind; cwd: string; resolved: ResolvedConfig; preset?: string | undefined; sessionId?: string | undefined }): AgentSession {
    const hooks = this.options.status.track(pane.id, statusMethod(pane.kind))
    return new AgentSession({
      paneId: pane.id,
      kind: pane.kind,
      cwd: pane.cwd,
      paneDir: paneDir(this.options.dataDir, pane.id),
      config: pane.resolved.config,
      explain: explainConfig(pane.resolved),
      ...(pane.preset ? { preset: pane.preset } : {}),
      ...(hooks ? { hooks } : {}),
      ...(pane.sessionId ? { sessionId: pane.sessionId } : {}),
      // Read at each launch: the MCP server starts after the host, on a port that may change.
      mcpEndpoint: () => runningEndpoint(this.options.dataDir)
    })
  }

  /** Starts a restored pane's program (a Claude pane resumes its conversation); one whose folder is gone keeps waiting. */
  async startRestored(paneId: string): Promise<void> {
    const entry = this.entries.get(paneId)
    if (!entry || this.folderGone(paneId)) return
    const cli = await this.probe(entry.session.kind, entry.session.currentConfig)
    // Closed while the CLI was probed.
    if (this.entries.get(paneId) !== entry) return
    try {
      entry.session.useCli(cli)
    } catch (error) {
      // The launch fails with the same reason, which the pane then shows.
      if (!(error instanceof CliRefusedError)) throw error
    }
    this.options.panes.start(paneId)
    this.launched(paneId)
    this.publish(paneId)
  }

  /** The Claude config dir the pane's agent last launched with (its transcripts are under it). */
  claudeConfigDir(paneId: string): string | undefined {
    return this.entries.get(paneId)?.session.claudeConfigDir
  }

  /** What to save of the pane's agent so it can be restored; undefined for an unknown pane. */
  record(paneId: string): AgentRecord | undefined {
    const entry = this.entries.get(paneId)
    if (!entry) return undefined
    const { session } = entry
    const { preset, pendingModel, sessionId } = session.info()
    const conversation = session.kind === 'claude' ? { conversationCwd: session.cwd } : {}
    return { layers: entry.layers, ...(preset && { preset }), ...(pendingModel && { pendingModel }), ...(sessionId && { sessionId }), ...conversation }
  }

  /**
   * A stopped pane takes the model for its next start. A running Claude pane keeps
   * its turn: the switch waits until its status leaves working and waiting for
   * permission (statusChanged), then the pane restarts with
   * `--resume <session> --model <new>` (the conversation continues; no settings
   * file is touched, so no other pane changes). Codex and Gemini panes take it at
   * their next restart.
   */
  setModel(paneId: string, model: string): PaneInfo {
    const entry = this.entry(paneId)
    const { session } = entry
    this.options.config.checkModel(session.kind, model)
    const { running } = this.options.panes.process(paneId)
    if (!running) {
      this.apply(paneId, entry, model)
    } else {
      // Checked before anything is queued: a switch ends the agent, which could not start again.
      this.assertFolder(paneId)
      session.setPending(model === session.model ? undefined : model)
      this.switchIfIdle(paneId)
    }
    return this.publish(paneId)
  }

  /**
   * Resolves once the CLI has written the pane's last turn to its transcript (or after a short
   * wait): ending the agent before that would drop the reply from the resumed conversation.
   */
  async turnWritten(paneId: string): Promise<void> {
    const turn = this.entries.get(paneId)?.lastTurn
    if (turn && !(await untilTranscriptHolds(turn, TRANSCRIPT_FLUSH_MS))) this.options.log.warn('last reply not in the transcript before the agent ended', { paneId })
  }

  /** Settles once a model switch under way has restarted the agent (at once when none is). */
  switched(paneId: string): Promise<void> {
    return this.entries.get(paneId)?.switching ?? Promise.resolve()
  }

  /** The host calls this on every status change: a waiting switch may go now. */
  statusChanged(paneId: string): void {
    this.switchIfIdle(paneId)
  }

  /**
   * What a Claude pane's hooks tell about its CLI: the model id it sends (SessionStart on
   * startup; the transcript's last reply after each turn, which also covers a resume and a
   * fallback) and the permission mode it runs in.
   */
  hookReported(paneId: string, event: string, payload: Record<string, unknown>): void {
    const entry = this.entries.get(paneId)
    if (!entry) return
    const { session } = entry
    const cli = session.cliInfo
    if (event === 'SessionStart' && payload.source === 'startup' && typeof payload.model === 'string') {
      session.modelReported(payload.model)
      if (cli) learnModel(cli, session.model, payload.model)
      this.publish(paneId)
    }
    if (typeof payload.permission_mode === 'string') this.modeReported(paneId, entry, payload.permission_mode)
    if (event === 'Stop' && typeof payload.transcript_path === 'string') {
      if (typeof payload.last_assistant_message === 'string') entry.lastTurn = { transcriptPath: payload.transcript_path, message: payload.last_assistant_message }
      void this.readReplyModel(paneId, entry, payload.transcript_path)
    }
  }

  /** The agent reported another session id (after /clear): restarts resume it from now on. */
  followSession(paneId: string, sessionId: string): void {
    const entry = this.entries.get(paneId)
    if (!entry || entry.session.sessionId === sessionId) return
    entry.session.followSession(sessionId)
    this.publish(paneId)
  }

  /** Restarts the pane, in `cwd` when given (its own folder is gone, say); a model switch waiting for it is applied first. */
  async restart(paneId: string, cwd?: string): Promise<PaneInfo> {
    const entry = this.entry(paneId)
    if (cwd) this.moveTo(paneId, entry, cwd)
    const pending = entry.session.info().pendingModel
    if (pending) this.apply(paneId, entry, pending)
    await this.restartPane(paneId)
    return this.publish(paneId)
  }

  async close(paneId: string): Promise<void> {
    // Forgotten first: status changes while the process ends (its exit) switch or publish nothing.
    this.entries.delete(paneId)
    this.options.status.endRequested(paneId)
    await this.options.panes.close(paneId)
    this.options.status.untrack(paneId)
    // Closed for good: its folder goes too (after the process, which may still write there).
    await removePaneDir(this.options.dataDir, paneId, this.options.log)
  }

  dispose(): void {
    this.entries.clear()
  }

  /** Applies a Claude pane's pending model by restarting it, unless a turn or a permission question is open. */
  private switchIfIdle(paneId: string): void {
    const entry = this.entries.get(paneId)
    const model = entry?.session.info().pendingModel
    if (!entry || !model || entry.switching || entry.session.kind !== 'claude') return
    const state = this.options.status.status(paneId)?.state
    if (state === 'working' || state === 'waiting') return
    // The agent keeps running (and the switch waits) until the pane has a folder to start in again.
    if (this.folderGone(paneId)) return
    this.apply(paneId, entry, model)
    this.options.log.info('model switched', { paneId, model, how: 'restart with --resume' })
    entry.switching = this.restartPane(paneId)
      .then(() => void this.publish(paneId))
      .catch((error: unknown) => this.failSwitch(paneId, entry, error))
      .finally(() => (entry.switching = undefined))
  }

  private async restartPane(paneId: string): Promise<void> {
    const entry = this.entry(paneId)
    // The user may have upgraded the CLI since: read it again (cached per binary), and refuse what it cannot take.
    const cli = await this.probe(entry.session.kind, entry.session.currentConfig)
    refuseUnfit(() => entry.session.useCli(cli))
    this.assertFolder(paneId)
    await this.turnWritten(paneId)
    this.options.status.endRequested(paneId)
    await this.options.panes.restart(paneId)
    this.launched(paneId)
  }

  /** Points the pane's next start at another folder; one that cannot hold it is refused, and nothing changes. */
  private moveTo(paneId: string, entry: Entry, cwd: string): void {
    const problem = folderProblem(cwd)
    if (problem) throw new HostError('invalid_input', `The folder ${cwd} ${problem}. Choose another folder for this pane.`)
    entry.session.moveTo(cwd)
    this.options.panes.moveTo(paneId, cwd)
    this.options.log.info('pane moved to another folder', { paneId, cwd })
  }

  /** Refuses a start in a folder that is gone, before anything running is stopped; the pane shows why. */
  private assertFolder(paneId: string): void {
    const gone = this.folderGone(paneId)
    if (gone) throw new HostError('invalid_input', `${gone} Choose another folder for this pane.`)
  }

  /** Why the pane cannot start in its folder now (which its info then shows), or undefined. */
  private folderGone(paneId: string): string | undefined {
    const { folder } = this.options.panes.currentFolder(paneId)
    const problem = folderProblem(folder)
    if (!problem) return undefined
    // The pane ran there, so a missing folder was deleted since: the header says the same.
    const message = `The folder ${folder} ${problem === 'does not exist' ? 'no longer exists' : problem}.`
    this.options.panes.setFolderProblem(paneId, message)
    this.options.log.warn('pane folder unusable', { paneId, folder, problem })
    return message
  }

  /** The process (re)started: status tracking follows the new pid, or notes it never started (the host hears each change). */
  private launched(paneId: string): void {
    const { panes, status } = this.options
    this.entry(paneId).modeSeen = undefined
    const info = panes.list().find((pane) => pane.id === paneId)
    status.launched(paneId, info?.pid, this.entry(paneId).session.claudeConfigDir)
    if (info?.error) status.exited(paneId, 127, undefined)
  }

  /** The CLI a pane of `kind` with this config would run, probed (cached per binary); undefined for shells and missing CLIs. */
  private async probe(kind: PaneKind, config: AgentConfig): Promise<CliProbe | undefined> {
    if (kind === 'shell') return undefined
    const file = resolveCommand(kind, { ...this.options.env, ...config.env })
    return file ? probeCli(kind, file) : undefined
  }

  private modeReported(paneId: string, entry: Entry, mode: string): void {
    const { session } = entry
    const cli = session.cliInfo
    if (entry.modeSeen === undefined && session.permissionMode === undefined && cli) learnDefaultMode(cli, mode)
    if (entry.modeSeen === mode) return
    entry.modeSeen = mode
    session.modeReported(mode)
    this.publish(paneId)
  }

  private async readReplyModel(paneId: string, entry: Entry, transcriptPath: string): Promise<void> {
    const model = await lastReplyModel(transcriptPath)
    if (!model || this.entries.get(paneId) !== entry || entry.session.info().activeModel === model) return
    entry.session.modelReported(model)
    this.publish(paneId)
  }

  private failSwitch(paneId: string, entry: Entry, error: unknown): void {
    this.options.log.error('model switch failed', { paneId, message: error instanceof Error ? error.message : String(error) })
    if (this.entries.get(paneId) === entry) this.publish(paneId)
  }

  private apply(paneId: string, entry: Entry, model: string): void {
    entry.layers = { ...entry.layers, model }
    const resolved = resolveConfig(entry.session.kind, entry.layers)
    entry.session.applyModel(resolved.config, explainConfig(resolved))
    this.options.log.info('pane config resolved', { paneId, explain: explainConfig(resolved) })
  }

  /** Pushes the agent's current state to the pane's info (and so to every client). */
  private publish(paneId: string): PaneInfo {
    this.options.panes.setAgentInfo(paneId, this.entry(paneId).session.info())
    const info = this.options.panes.list().find((pane) => pane.id === paneId)
    if (!info) throw new Error(`Pane ${paneId} vanished`)
    return info
  }

  private entry(paneId: string): Entry {
    const entry = this.entries.get(paneId)
    if (!entry) {
      // Throws not_found for an unknown pane id.
      this.options.panes.process(paneId)
      throw new Error(`Pane ${paneId} has no agent session`)
    }
    return entry
  }
}

/** Runs a fit; a CliRefusedError becomes the bridge's invalid_input, with its message. */
function refuseUnfit(fit: () => unknown): void {
  try {
    fit()
  } catch (error) {
    if (error instanceof CliRefusedError) throw new HostError('invalid_input', error.message)
    throw error
  }
}
