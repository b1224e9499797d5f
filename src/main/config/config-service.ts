import { dirname } from 'node:path'
import { checkAgentConfig, modelProblem, type AgentConfig } from '../../shared/agent-config'
import { PaneKind, type CallInput, type PresetEntry } from '../../shared/bridge'
import { HostError } from '../bridge'
import type { Logger } from '../log'
import { resolveConfig, explainConfig, type ConfigLayers, type ResolvedConfig } from './merge'
import { buildCatalog, checkPreset, isBuiltinPreset, type PresetCatalog } from './presets'
import type { SettingsStore } from './settings-store'

export interface PaneConfigRequest {
  kind: PaneKind
  cwd: string
  preset?: string | string[]
  config?: Record<string, unknown>
  model?: string
}

export interface PaneConfig {
  resolved: ResolvedConfig
  /** The validated inputs, kept so a later model switch re-resolves from the same ground. */
  layers: ConfigLayers
  preset?: string
}

const invalid = (message: string): HostError => new HostError('invalid_input', message)

/** Presets, workspace defaults and the merge that turns them into one pane's config. */
export class ConfigService {
  constructor(
    private readonly store: SettingsStore,
    private readonly log: Logger
  ) {}

  presets(): PresetCatalog {
    const catalog = buildCatalog(this.store.read().presets)
    for (const problem of catalog.problems) this.log.warn('preset skipped', { ...problem })
    return { presets: catalog.presets, problems: [...this.store.fileProblems(), ...catalog.problems] }
  }

  savePreset({ replaces, ...input }: CallInput<'presets.save'>): PresetEntry {
    const checked = checkPreset(input)
    if (!checked.ok) throw invalid(`Preset "${input.name}" is invalid: ${checked.reason}`)
    const { preset } = checked
    this.store.update((data) => {
      const keep = data.presets.filter((raw) => !namedAny(raw, [preset.name, replaces]))
      return { ...data, presets: [...keep, preset] }
    })
    return { ...preset, origin: isBuiltinPreset(preset.name) ? 'shadowing' : 'user' }
  }

  deletePreset(name: string): void {
    const stored = this.store.read().presets.some((raw) => namedAny(raw, [name]))
    if (!stored) {
      throw invalid(isBuiltinPreset(name) ? `"${name}" is built in and cannot be deleted (save one of that name to shadow it)` : `No preset named "${name}"`)
    }
    this.store.update((data) => ({ ...data, presets: data.presets.filter((raw) => !namedAny(raw, [name])) }))
  }

  /** The folder's own defaults by kind; an invalid stored entry is reported and left out. */
  workspaceDefaults(folder: string, workspaces = this.store.read().workspaces): Partial<Record<PaneKind, AgentConfig>> {
    const { defaults, problems } = checkWorkspace(workspaces[folder] ?? {})
    for (const problem of problems) this.log.warn('workspace default skipped', { folder, ...problem })
    return defaults
  }

  /** The folder's stored defaults that are not used, and why: its settings tab shows them. */
  workspaceProblems(folder: string): WorkspaceProblem[] {
    return checkWorkspace(this.store.read().workspaces[folder] ?? {}).problems
  }

  setWorkspaceDefault(folder: string, kind: PaneKind, raw: Record<string, unknown>): void {
    const checked = checkAgentConfig(kind, raw)
    if (!checked.ok) throw invalid(`Workspace default for ${folder} is invalid: ${checked.message}`)
    this.store.update((data) => {
      const others = Object.entries(data.workspaces[folder] ?? {}).filter(([other]) => other !== kind)
      const empty = Object.keys(checked.config).length === 0
      const current = Object.fromEntries(empty ? others : [...others, [kind, checked.config]])
      const rest = Object.entries(data.workspaces).filter(([other]) => other !== folder)
      const workspaces = Object.fromEntries(Object.keys(current).length === 0 ? rest : [...rest, [folder, current]])
      return { ...data, workspaces }
    })
  }

  /**
   * Resolves a new pane's config, or throws a clear invalid_input before any
   * process starts: two presets, an unknown one, one for another agent, a field
   * the agent cannot honour, or a model it does not know.
   */
  resolvePane(request: PaneConfigRequest): PaneConfig {
    const { kind } = request
    const preset = this.findPreset(kind, request.preset)
    const pane = request.config === undefined ? undefined : this.checkLayer(kind, request.config, 'Pane config')
    if (request.model !== undefined) this.checkModel(kind, request.model)
    const layers: ConfigLayers = {
      workspace: this.workspaceFor(request.cwd, kind),
      preset: preset && { name: preset.name, config: preset.config as AgentConfig },
      pane,
      model: request.model
    }
    const resolved = resolveConfig(kind, layers)
    this.log.info('pane config resolved', { kind, cwd: request.cwd, explain: explainConfig(resolved) })
    return { resolved, layers, ...(preset ? { preset: preset.name } : {}) }
  }

  checkModel(kind: PaneKind, model: string): void {
    const problem = modelProblem(kind, model)
    if (problem) throw invalid(problem)
  }

  /** The user's global hotkeys by action ({} when none or invalid; the shell falls back to defaults). */
  hotkeys(): Record<string, string> {
    const stored = this.store.read().hotkeys
    const entries = Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    if (entries.length !== Object.keys(stored).length) this.log.warn('hotkeys: non-text entries ignored', { stored })
    return Object.fromEntries(entries)
  }

  onChange(listener: () => void): () => void {
    return this.store.onChange(listener)
  }

  /** The nearest folder at or above `cwd` with a default for `kind`: a project's default covers its subfolders. */
  private workspaceFor(cwd: string, kind: PaneKind): AgentConfig | undefined {
    const { workspaces } = this.store.read()
    for (let folder = cwd; ; folder = dirname(folder)) {
      const found = this.workspaceDefaults(folder, workspaces)[kind]
      if (found) return found
      if (dirname(folder) === folder) return undefined
    }
  }

  private findPreset(kind: PaneKind, requested: string | string[] | undefined): PresetEntry | undefined {
    const names = requested === undefined ? [] : [requested].flat()
    if (names.length > 1) throw invalid(`Choose one preset, not ${names.length} (${names.join(', ')})`)
    const name = names[0]
    if (name === undefined) return undefined
    const catalog = this.presets()
    const preset = catalog.presets.find((entry) => entry.name === name)
    if (!preset) {
      const broken = catalog.problems.find((problem) => problem.subject === name)
      const known = catalog.presets.filter((entry) => entry.kind === kind).map((entry) => entry.name)
      throw invalid(broken ? `Preset "${name}" is broken: ${broken.reason}` : `Unknown preset "${name}" (known: ${known.join(', ') || 'none'})`)
    }
    if (preset.kind !== kind) throw invalid(`Preset "${name}" is for ${preset.kind}, not ${kind}`)
    return preset
  }

  private checkLayer(kind: PaneKind, raw: unknown, what: string): AgentConfig {
    const checked = checkAgentConfig(kind, raw)
    if (!checked.ok) throw invalid(`${what} is invalid: ${checked.message}`)
    return checked.config
  }
}

export interface WorkspaceProblem {
  kind: string
  reason: string
}

function checkWorkspace(stored: Readonly<Record<string, unknown>>): { defaults: Partial<Record<PaneKind, AgentConfig>>; problems: WorkspaceProblem[] } {
  const defaults: Partial<Record<PaneKind, AgentConfig>> = {}
  const problems: WorkspaceProblem[] = []
  for (const [kind, raw] of Object.entries(stored)) {
    const known = PaneKind.safeParse(kind)
    const checked = known.success ? checkAgentConfig(known.data, raw) : { ok: false as const, message: `unknown agent kind "${kind}"` }
    if (checked.ok) defaults[kind as PaneKind] = checked.config
    else problems.push({ kind, reason: checked.message })
  }
  return { defaults, problems }
}

function namedAny(raw: unknown, names: ReadonlyArray<string | undefined>): boolean {
  const name = (raw as { name?: unknown } | null)?.name
  return typeof name === 'string' && names.includes(name)
}
