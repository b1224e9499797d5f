import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { CallInput, PaneInfo, PaneKind } from '../../shared/bridge'
import type { StatusMethod } from '../../shared/status'
import { AgentSession } from '../agents'
import { explainConfig, resolveConfig, type ConfigLayers, type ConfigService } from '../config'
import type { Logger } from '../log'
import type { PaneManager } from '../pty'
import type { StatusService } from '../status'
import { isAgentIdle } from './idle'

export interface AgentPanesOptions {
  panes: PaneManager
  config: ConfigService
  status: StatusService
  /** Per-pane files go to `<dataDir>/panes/<pane id>/`. */
  dataDir: string
  defaultCwd: string
  log: Logger
  /** How often a waiting model switch checks whether the agent finished its turn. */
  idlePollMs?: number
}

type CreateRequest = Omit<CallInput<'pane.create'>, 'beside'>

interface Entry {
  session: AgentSession
  layers: ConfigLayers
  /** Set while a model switch waits for the end of the turn. */
  switchTimer?: NodeJS.Timeout
}

const DEFAULT_IDLE_POLL_MS = 150

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
  private readonly idlePollMs: number

  constructor(private readonly options: AgentPanesOptions) {
    this.idlePollMs = options.idlePollMs ?? DEFAULT_IDLE_POLL_MS
  }

  /** Resolves and validates the config first, so a bad request starts no process. */
  async create(request: CreateRequest): Promise<PaneInfo> {
    const { panes, config, status, dataDir, defaultCwd } = this.options
    const kind = request.kind ?? 'shell'
    const cwd = request.cwd ?? defaultCwd
    const { resolved, layers, preset } = config.resolvePane({ kind, cwd, preset: request.preset, config: request.config, model: request.model })
    await status.ready()
    const id = randomUUID()
    const hooks = status.track(id, statusMethod(kind))
    const session = new AgentSession({
      paneId: id,
      kind,
      cwd,
      paneDir: join(dataDir, 'panes', id),
      config: resolved.config,
      explain: explainConfig(resolved),
      ...(preset ? { preset } : {}),
      ...(hooks ? { hooks } : {})
    })
    this.entries.set(id, { session, layers })
    try {
      panes.create({ kind, cwd, cols: request.cols, rows: request.rows, id, launch: (env) => session.launch(env), agent: session.info() })
    } catch (error) {
      this.entries.delete(id)
      status.untrack(id)
      throw error
    }
    this.launched(id)
    return this.publish(id)
  }

  /**
   * A stopped pane takes the model for its next start. A running Claude pane keeps
   * its turn: the switch waits until the agent is idle, then the pane restarts with
   * `--resume <session> --model <new>` (the conversation continues; no settings
   * file is touched, so no other pane changes). Codex and Gemini panes take it at
   * their next restart.
   */
  setModel(paneId: string, model: string): PaneInfo {
    const entry = this.entry(paneId)
    const { session } = entry
    this.options.config.checkModel(session.kind, model)
    this.cancelSwitch(entry)
    const { running } = this.options.panes.process(paneId)
    if (!running) {
      this.apply(paneId, entry, model)
    } else if (model === session.model) {
      session.setPending(undefined)
    } else {
      session.setPending(model)
      if (session.kind === 'claude') this.switchWhenIdle(paneId, entry, model)
    }
    return this.publish(paneId)
  }

  /** The agent reported another session id (after /clear): restarts resume it from now on. */
  followSession(paneId: string, sessionId: string): void {
    const entry = this.entries.get(paneId)
    if (!entry || entry.session.sessionId === sessionId) return
    entry.session.followSession(sessionId)
    this.publish(paneId)
  }

  /** Restarts the pane; a model switch waiting for it is applied first. */
  async restart(paneId: string): Promise<PaneInfo> {
    const entry = this.entry(paneId)
    const pending = entry.session.info().pendingModel
    this.cancelSwitch(entry)
    if (pending) this.apply(paneId, entry, pending)
    await this.restartPane(paneId)
    return this.publish(paneId)
  }

  async close(paneId: string): Promise<void> {
    const entry = this.entries.get(paneId)
    if (entry) this.cancelSwitch(entry)
    this.options.status.endRequested(paneId)
    await this.options.panes.close(paneId)
    this.options.status.untrack(paneId)
    this.entries.delete(paneId)
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.cancelSwitch(entry)
    this.entries.clear()
  }

  private switchWhenIdle(paneId: string, entry: Entry, model: string): void {
    const check = async (): Promise<void> => {
      entry.switchTimer = undefined
      if (this.entries.get(paneId) !== entry) return
      const { running, pid } = this.options.panes.process(paneId)
      const idle = !running || (await isAgentIdle(this.options.panes, paneId, entry.session.claudeConfigDir, pid))
      // A newer setModel replaced this switch while the check ran.
      if (entry.session.info().pendingModel !== model || this.entries.get(paneId) !== entry) return
      if (!idle) {
        entry.switchTimer = setTimeout(() => void check(), this.idlePollMs)
        return
      }
      this.apply(paneId, entry, model)
      this.options.log.info('model switched', { paneId, model, how: running ? 'restart with --resume' : 'next start' })
      if (running) await this.restartPane(paneId)
      this.publish(paneId)
    }
    entry.switchTimer = setTimeout(() => void check().catch((error: unknown) => this.failSwitch(paneId, entry, error)), 0)
  }

  private async restartPane(paneId: string): Promise<void> {
    this.options.status.endRequested(paneId)
    await this.options.panes.restart(paneId)
    this.launched(paneId)
  }

  /** The process (re)started: status tracking follows the new pid, or notes it never started. */
  private launched(paneId: string): void {
    const { panes, status } = this.options
    const info = panes.list().find((pane) => pane.id === paneId)
    status.launched(paneId, info?.pid, this.entry(paneId).session.claudeConfigDir)
    if (info?.error) status.exited(paneId, 127, undefined)
    const current = status.status(paneId)
    if (current) panes.setStatus(paneId, current)
  }

  private failSwitch(paneId: string, entry: Entry, error: unknown): void {
    entry.session.setPending(undefined)
    this.options.log.error('model switch failed', { paneId, message: error instanceof Error ? error.message : String(error) })
    if (this.entries.get(paneId) === entry) this.publish(paneId)
  }

  private apply(paneId: string, entry: Entry, model: string): void {
    entry.layers = { ...entry.layers, model }
    const resolved = resolveConfig(entry.session.kind, entry.layers)
    entry.session.applyModel(resolved.config, explainConfig(resolved))
    this.options.log.info('pane config resolved', { paneId, explain: explainConfig(resolved) })
  }

  private cancelSwitch(entry: Entry): void {
    if (entry.switchTimer) clearTimeout(entry.switchTimer)
    entry.switchTimer = undefined
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
