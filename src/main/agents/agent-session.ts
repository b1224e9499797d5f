import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AgentConfig } from '../../shared/agent-config'
import type { PaneAgentInfo, PaneKind } from '../../shared/bridge'
import { claudeArgs, claudeEnv, codexArgs, geminiArgs } from './claude-args'
import { fitClaudeConfig } from './cli-fit'
import type { CliProbe } from './cli-probe'
import { learnedModel, permissionNote } from './cli-observations'
import { HOOK_SECRET_ENV } from '../status'
import { hookSettings, type HookTarget } from './claude-hooks'
import { hasTranscript, missingCredentials, seedIsolatedConfigDir, userClaudeConfigDir } from './claude-config-dir'
import { launchSpec, type LaunchSpec } from './launch'
import { NO_MCP_NOTE, orchestratorLaunch, type McpEndpointInfo } from './orchestrator'

export interface AgentSessionOptions {
  paneId: string
  kind: PaneKind
  cwd: string
  /** This pane's own folder under the app's data dir. */
  paneDir: string
  config: AgentConfig
  /** One line per value and where it came from, for the header and the log. */
  explain: string[]
  preset?: string
  /** Where a Claude pane reports its hook events. */
  hooks?: HookTarget
  /** The Claude conversation to continue (a pane restored after the host stopped); a new one otherwise. */
  sessionId?: string
  /** Where Tessera's MCP server listens, with its token, when it runs: for an orchestrator pane (config.orchestrator). */
  mcpEndpoint?: () => McpEndpointInfo | undefined
}

/**
 * One pane's agent: its resolved config, its Claude session id, and how to launch
 * it. Every launch writes the config it used to `<pane dir>/agent-config.json`.
 */
export class AgentSession {
  readonly kind: PaneKind
  /** Claude's conversation id: set at creation, followed through /clear, resumed by every later launch. */
  private currentSession: string | undefined
  private config: AgentConfig
  private explain: string[]
  private pendingModel: string | undefined
  private note: string | undefined
  private lastConfigDir: string | undefined
  private cli: CliProbe | undefined
  /** The model id the CLI reported it sends. */
  private activeModel: string | undefined
  /** The permission mode the CLI's hooks report: what it really runs in (2.1.197 turns an unavailable auto into default). */
  private reportedMode: string | undefined
  private apiBaseUrl: string | undefined
  private fitNotes: string[] = []

  constructor(private readonly options: AgentSessionOptions) {
    this.kind = options.kind
    this.config = options.config
    this.explain = options.explain
    this.currentSession = options.kind === 'claude' ? (options.sessionId ?? randomUUID()) : undefined
  }

  get sessionId(): string | undefined {
    return this.currentSession
  }

  /**
   * Later launches start in `cwd` (the pane's own folder is gone). Claude keeps a
   * conversation with the folder it ran in, so a Claude pane begins a new one there.
   */
  moveTo(cwd: string): void {
    this.options.cwd = cwd
    if (this.kind === 'claude') this.currentSession = randomUUID()
  }

  /** The CLI moved to another conversation (/clear): later launches resume that one. */
  followSession(sessionId: string): void {
    if (this.kind === 'claude') this.currentSession = sessionId
  }

  /** Where the next launch starts: a Claude conversation belongs to this folder. */
  get cwd(): string {
    return this.options.cwd
  }

  get model(): string | undefined {
    return this.config.model
  }

  get currentConfig(): AgentConfig {
    return this.config
  }

  get permissionMode(): string | undefined {
    return this.config.permissionMode
  }

  get cliInfo(): CliProbe['info'] | undefined {
    return this.cli?.info
  }

  /** The Claude config dir of the last launch (the user's, or the pane's own when isolated). */
  get claudeConfigDir(): string | undefined {
    return this.lastConfigDir
  }

  /** The CLI the next launch runs, as probed; throws CliRefusedError when the config asks what it does not accept. */
  useCli(cli: CliProbe | undefined): void {
    if (this.cli?.info.path !== cli?.info.path || this.cli?.info.version !== cli?.info.version) this.activeModel = undefined
    // Kept even when refused: the launch then fails with the same reason, shown in the pane.
    this.cli = cli
    if (this.kind === 'claude') this.fitNotes = fitClaudeConfig(this.config, cli).notes
  }

  /** The CLI said which model it sends (SessionStart on startup, or the transcript's last reply). */
  modelReported(model: string): void {
    this.activeModel = model
  }

  /** The permission mode the CLI's hooks carry (`permission_mode`). */
  modeReported(mode: string): void {
    this.reportedMode = mode
  }

  /** Builds what to spawn from the host's environment (`env`); throws AgentUnavailableError or CliRefusedError. */
  launch(env: Record<string, string>): LaunchSpec {
    const base = launchSpec(this.kind, { ...env, ...this.config.env })
    const spec = this.kind === 'claude' ? this.claudeLaunch(base) : { ...base, args: [...base.args, ...this.extraArgs()] }
    this.record(spec)
    return spec
  }

  /** Takes a new model now (the next launch uses it); `explain` is the re-resolved explanation. */
  applyModel(config: AgentConfig, explain: string[]): void {
    this.config = config
    this.explain = explain
    this.pendingModel = undefined
    this.activeModel = undefined
  }

  setPending(model: string | undefined): void {
    this.pendingModel = model
  }

  info(): PaneAgentInfo {
    const activeModel = this.activeModel ?? (this.cli ? learnedModel(this.cli.info, this.config.model) : undefined)
    const modeNote = this.kind === 'claude' ? permissionNote(this.reportedMode ?? this.config.permissionMode, this.apiBaseUrl, this.cli?.info) : undefined
    return {
      ...(this.config.model ? { model: this.config.model } : {}),
      ...(activeModel ? { activeModel } : {}),
      ...(this.cli ? { cli: this.cli.info } : {}),
      ...(this.options.preset ? { preset: this.options.preset } : {}),
      ...(this.pendingModel ? { pendingModel: this.pendingModel } : {}),
      ...(this.sessionId ? { sessionId: this.sessionId } : {}),
      ...(this.kind === 'claude' ? { isolation: this.config.isolation ?? 'shared' } : {}),
      explain: [...this.explain, ...this.fitNotes],
      ...(this.note ? { note: this.note } : {}),
      ...(modeNote ? { permissionNote: modeNote } : {})
    }
  }

  private claudeLaunch(base: LaunchSpec): LaunchSpec {
    const capabilities = this.cli?.capabilities
    let { config } = fitClaudeConfig(this.config, this.cli)
    const env: Record<string, string> = { ...base.env, ...claudeEnv(config, capabilities), TESSERA_PANE_ID: this.options.paneId }
    this.apiBaseUrl = env.ANTHROPIC_BASE_URL
    const configDir = this.prepareConfigDir(env)
    const sessionId = this.sessionId ?? randomUUID()
    // An orchestrator: Tessera's MCP server, its token in this process's environment only.
    const endpoint = config.orchestrator ? this.options.mcpEndpoint?.() : undefined
    const orchestrator = endpoint && orchestratorLaunch(config, endpoint, this.options.paneId)
    if (orchestrator) {
      config = orchestrator.config
      Object.assign(env, orchestrator.env)
    } else if (config.orchestrator) this.note = this.note ? `${this.note}; ${NO_MCP_NOTE}` : NO_MCP_NOTE
    const args = claudeArgs(config, { sessionId, resume: hasTranscript(configDir, sessionId) }, capabilities)
    // --mcp-config takes several values: the flags after it (--settings) end its list.
    if (orchestrator) args.push(...orchestrator.args)
    const hooks = this.options.hooks
    if (hooks) {
      env[HOOK_SECRET_ENV] = hooks.secret
      args.push('--settings', this.writeFile('claude-settings.json', hookSettings(hooks)))
    }
    return { ...base, args: [...base.args, ...args], env }
  }

  /** Shared: the user's own dir. Isolated: the pane's own, seeded, set through CLAUDE_CONFIG_DIR. */
  private prepareConfigDir(env: Record<string, string>): string {
    this.note = undefined
    if (this.config.isolation !== 'isolated') return (this.lastConfigDir = userClaudeConfigDir(env))
    const dir = join(this.options.paneDir, 'claude-config')
    seedIsolatedConfigDir({ dir, userDir: userClaudeConfigDir(env), trustedDirs: [this.options.cwd, ...(this.config.addDirs ?? [])], env })
    env.CLAUDE_CONFIG_DIR = dir
    this.note = missingCredentials(dir, env)
    return (this.lastConfigDir = dir)
  }

  private extraArgs(): string[] {
    if (this.kind === 'codex') return codexArgs(this.config)
    if (this.kind === 'gemini') return geminiArgs(this.config)
    return []
  }

  /** Writes one of the pane's own files (owner-only) and returns its path. */
  private writeFile(name: string, content: unknown): string {
    mkdirSync(this.options.paneDir, { recursive: true, mode: 0o700 })
    const file = join(this.options.paneDir, name)
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
    return file
  }

  private record(spec: LaunchSpec): void {
    const record = {
      paneId: this.options.paneId,
      kind: this.kind,
      cwd: this.options.cwd,
      preset: this.options.preset,
      sessionId: this.sessionId,
      config: this.config,
      explain: this.explain,
      command: [spec.file, ...spec.args],
      launchedAt: new Date().toISOString()
    }
    this.writeFile('agent-config.json', record)
  }
}
