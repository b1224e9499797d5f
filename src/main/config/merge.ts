import {
  CONFIG_FIELDS,
  describeSource,
  formatConfigValue,
  type AgentConfig,
  type ConfigField,
  type ConfigSource
} from '../../shared/agent-config'
import type { PaneKind } from '../../shared/bridge'

/** The inputs of one pane's config, lowest precedence first. Absent layers are undefined. */
export interface ConfigLayers {
  workspace?: AgentConfig
  preset?: { name: string; config: AgentConfig }
  pane?: AgentConfig
  /** The model picked explicitly (pane creation or the header picker). */
  model?: string
}

export interface ResolvedConfig {
  kind: PaneKind
  config: AgentConfig
  /** Where each value in `config` came from. */
  sources: Partial<Record<ConfigField, ConfigSource>>
}

/** What holds when no layer says otherwise. */
const DEFAULTS: Partial<Record<PaneKind, AgentConfig>> = { claude: { isolation: 'shared' } }

/**
 * Merges field by field: a value at a higher level replaces the one below it
 * whole (arrays and env included), and an absent field never overrides.
 */
export function resolveConfig(kind: PaneKind, layers: ConfigLayers): ResolvedConfig {
  const ordered: Array<[AgentConfig | undefined, ConfigSource]> = [
    [DEFAULTS[kind], { level: 'default' }],
    [layers.workspace, { level: 'workspace' }],
    [layers.preset?.config, { level: 'preset', preset: layers.preset?.name }],
    [layers.pane, { level: 'pane' }],
    [layers.model === undefined ? undefined : { model: layers.model }, { level: 'override' }]
  ]
  const config: Record<string, unknown> = {}
  const sources: Partial<Record<ConfigField, ConfigSource>> = {}
  for (const [layer, source] of ordered) {
    if (!layer) continue
    for (const field of CONFIG_FIELDS) {
      const value = layer[field]
      if (value === undefined) continue
      config[field] = value
      sources[field] = source
    }
  }
  return { kind, config: config as AgentConfig, sources }
}

/** One line per value, e.g. "model opus — pane override", for the log and the header tooltip. */
export function explainConfig({ config, sources }: ResolvedConfig): string[] {
  return CONFIG_FIELDS.flatMap((field) => {
    const value = config[field]
    const source = sources[field]
    if (value === undefined || !source) return []
    return [`${field} ${formatConfigValue(value)} — ${describeSource(source)}`]
  })
}
