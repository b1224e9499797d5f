import type { PaneKind } from '../../shared/bridge'
import { agentDefinition } from './catalog'
import { resolveCommand } from './resolve'
import { resolveUserShell } from './shell'

/** What to spawn for a pane: the executable, its arguments and its environment. */
export interface LaunchSpec {
  file: string
  args: string[]
  env: Record<string, string>
}

/** The pane's CLI is not installed; the message says how to install it. */
export class AgentUnavailableError extends Error {
  constructor(
    readonly kind: PaneKind,
    message: string
  ) {
    super(message)
    this.name = 'AgentUnavailableError'
  }
}

/**
 * How to start a pane of `kind` with `env` (already the pane's environment). Resolved
 * afresh on every call (no cache), so a CLI installed a moment ago starts on restart.
 */
export function launchSpec(kind: PaneKind, env: Record<string, string>): LaunchSpec {
  if (kind === 'shell') return { ...resolveUserShell(env, process.platform), env }
  const { label, binary, installHint } = agentDefinition(kind)
  const file = resolveCommand(kind, env)
  if (!file) {
    const hint = installHint ? ` Install it with: ${installHint}` : ''
    throw new AgentUnavailableError(kind, `${label} is not installed: "${binary}" was not found on PATH or in node_modules/.bin.${hint}`)
  }
  return { file, args: [], env }
}
