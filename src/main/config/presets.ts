import { CLAUDE_MIN_CONTEXT, checkAgentConfig, PresetInput, type Preset } from '../../shared/agent-config'
import type { PresetEntry } from '../../shared/bridge'
import { formatIssues } from '../bridge'
import type { SettingsProblem } from './settings-store'

/** Shipped with Tessera; a user preset of the same name shadows one, none can be deleted. */
export const BUILTIN_PRESETS: readonly Preset[] = [
  { name: 'haiku-worker', kind: 'claude', description: 'Fast, cheap worker', config: { model: 'haiku', contextLimit: 100_000 } },
  { name: 'sonnet-default', kind: 'claude', description: 'Everyday coding', config: { model: 'sonnet', contextLimit: 150_000 } },
  { name: 'opus-heavy', kind: 'claude', description: 'Hard problems, more thinking', config: { model: 'opus', contextLimit: 200_000, effort: 'high' } },
  // Meant as 50k, but Claude Code's auto-compact window has a floor of 100k: anything lower is raised to it.
  { name: 'haiku-minimal', kind: 'claude', description: 'Small, short-lived tasks', config: { model: 'haiku', contextLimit: CLAUDE_MIN_CONTEXT } }
]

export const isBuiltinPreset = (name: string): boolean => BUILTIN_PRESETS.some((preset) => preset.name === name)

export type PresetCheck = { ok: true; preset: Preset } | { ok: false; reason: string }

/** Validates a stored or submitted preset: its shape, then its config against its agent kind. */
export function checkPreset(raw: unknown): PresetCheck {
  const parsed = PresetInput.safeParse(raw)
  if (!parsed.success) return { ok: false, reason: formatIssues(parsed.error) }
  const { name, kind, description, config } = parsed.data
  const checked = checkAgentConfig(kind, config)
  if (!checked.ok) return { ok: false, reason: checked.message }
  return { ok: true, preset: { name, kind, ...(description ? { description } : {}), config: checked.config } }
}

/** A stored entry's name for a problem report, even when the entry is broken. */
function entryName(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name
  return typeof name === 'string' && name ? name : `preset #${index + 1}`
}

export interface PresetCatalog {
  presets: PresetEntry[]
  problems: SettingsProblem[]
}

/** Built-ins plus the user's valid presets (shadowing built-ins by name); broken ones are reported and skipped. */
export function buildCatalog(stored: readonly unknown[]): PresetCatalog {
  const problems: SettingsProblem[] = []
  const user = new Map<string, Preset>()
  stored.forEach((raw, index) => {
    const checked = checkPreset(raw)
    if (checked.ok) user.set(checked.preset.name, checked.preset)
    else problems.push({ subject: entryName(raw, index), reason: checked.reason })
  })
  const builtins: PresetEntry[] = BUILTIN_PRESETS.filter((preset) => !user.has(preset.name)).map((preset) => ({ ...preset, origin: 'builtin' }))
  const users: PresetEntry[] = [...user.values()].map((preset) => ({
    ...preset,
    origin: isBuiltinPreset(preset.name) ? 'shadowing' : 'user'
  }))
  return { presets: [...builtins, ...users], problems }
}
