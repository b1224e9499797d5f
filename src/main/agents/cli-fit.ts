import type { AgentConfig, PermissionMode } from '../../shared/agent-config'
import type { CliProbe } from './cli-probe'

/** A config value the installed CLI does not accept; the message names the CLI and its version. */
export class CliRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliRefusedError'
  }
}

/** Config fields and the Claude Code flag each becomes. */
const FIELD_FLAGS: ReadonlyArray<[keyof AgentConfig, string]> = [
  ['fallbackModel', '--fallback-model'],
  ['effort', '--effort'],
  ['permissionMode', '--permission-mode'],
  ['appendSystemPrompt', '--append-system-prompt'],
  ['allowedTools', '--allowed-tools'],
  ['disallowedTools', '--disallowed-tools'],
  ['addDirs', '--add-dir']
]

/** One mode, two names: Claude Code 2.1.33x calls the old `default` mode `manual`. */
const MODE_ALIASES: Partial<Record<PermissionMode, PermissionMode>> = { default: 'manual', manual: 'default' }
/** The name every supported version accepts for it, used when the CLI's choices are unknown. */
const PORTABLE_MODE: Partial<Record<PermissionMode, PermissionMode>> = { manual: 'default' }

export interface FittedConfig {
  config: AgentConfig
  /** What the user should know: a translated mode, a value this CLI ignores. */
  notes: string[]
}

export function cliName(cli: CliProbe | undefined): string {
  return cli?.info.version ? `Claude Code ${cli.info.version}` : 'this Claude Code'
}

/**
 * Fits a resolved Claude config to the installed CLI, as its own --help describes it:
 * a value it does not accept is refused before launch, an old or new name of a
 * permission mode is translated where the CLI documents the alias. With the CLI's
 * capabilities unknown, only what every supported version accepts is sent.
 */
export function fitClaudeConfig(config: AgentConfig, cli: CliProbe | undefined): FittedConfig {
  const capabilities = cli?.capabilities
  const name = cliName(cli)
  const notes: string[] = []
  if (capabilities) {
    for (const [field, flag] of FIELD_FLAGS) {
      if (config[field] !== undefined && !capabilities.flags.has(flag)) {
        throw new CliRefusedError(`${name} does not accept ${flag}, so "${field}" cannot be used with it (${cli?.info.path ?? ''})`)
      }
    }
    if (config.fallbackModel && !capabilities.fallbackModelInteractive) {
      notes.push(`fallbackModel has no effect here: ${name} uses --fallback-model in --print mode only`)
    }
  }
  const mode = config.permissionMode
  if (mode === undefined) return { config, notes }
  const fitted = fitPermissionMode(mode, cli)
  if (fitted !== mode) notes.push(`permissionMode ${mode} is passed as "${fitted}", its name in ${name}`)
  return { config: { ...config, permissionMode: fitted }, notes }
}

function fitPermissionMode(mode: PermissionMode, cli: CliProbe | undefined): PermissionMode {
  const choices = cli?.capabilities?.permissionModes
  if (!choices) return PORTABLE_MODE[mode] ?? mode
  if (choices.includes(mode)) return mode
  const alias = MODE_ALIASES[mode]
  if (alias && choices.includes(alias)) return alias
  throw new CliRefusedError(`${cliName(cli)} does not accept permission mode "${mode}" (it accepts: ${choices.join(', ')})`)
}
