import { PICKER_MODELS } from '../../../shared/agent-config'
import type { AgentAvailability, CliInfo, PaneAgentInfo, PaneKind } from '../../../shared/bridge'
import { STATE_LABELS, type PaneStatus } from '../../../shared/status'

// The words the pane header and the New pane picker use for an agent's model, CLI
// and state. Pure, so they are unit-tested; the components only lay them out.

export const CLI_DEFAULT_LABEL = 'CLI default'

export interface ModelDisplay {
  /** What the picker shows: the configured model (or alias), or "CLI default". */
  chosen: string
  /** The id the CLI sends, when it says more than `chosen` (an alias resolved, the CLI default named). */
  sent?: string
  /** "opus → claude-opus-5-5", for tooltips. */
  full: string
}

/**
 * The model a pane asked for and the id its CLI actually sends. A pending switch
 * hides the id: it belongs to the model being left, not the one the picker shows.
 */
export function modelDisplay(agent: Pick<PaneAgentInfo, 'model' | 'pendingModel' | 'activeModel'>): ModelDisplay {
  const chosen = agent.pendingModel ?? agent.model ?? CLI_DEFAULT_LABEL
  const pending = agent.pendingModel !== undefined && agent.pendingModel !== agent.model
  const sent = !pending && agent.activeModel && agent.activeModel !== chosen ? agent.activeModel : undefined
  return sent ? { chosen, sent, full: `${chosen} → ${sent}` } : { chosen, full: chosen }
}

/** "CLI default (claude-sonnet-5-5)": the default named once the CLI has said what it sends. */
export function cliDefaultLabel(activeModel: string | undefined): string {
  return activeModel ? `${CLI_DEFAULT_LABEL} (${activeModel})` : CLI_DEFAULT_LABEL
}

/** The text the model picker shows closed: the chosen model, or the CLI's default by name. */
export function pickerLabel(agent: Pick<PaneAgentInfo, 'model' | 'pendingModel' | 'activeModel'>): string {
  return agent.pendingModel ?? agent.model ?? cliDefaultLabel(agent.activeModel)
}

/**
 * What the model the header shows is sent as right now, for the tooltip: the
 * current model, not a pending one (the CLI still sends the current one).
 */
export function sentModelLine(agent: Pick<PaneAgentInfo, 'model' | 'activeModel'>): string {
  return `Model: ${modelDisplay({ model: agent.model, activeModel: agent.activeModel }).full}`
}

/**
 * The menu's one line on aliases (Claude Code only): an alias means whatever the
 * installed CLI maps it to, so "opus" changes with the CLI's version.
 */
export function aliasNote(kind: PaneKind, cli: CliInfo | undefined, model?: string): string | undefined {
  if (kind !== 'claude') return undefined
  const aliases = PICKER_MODELS.claude
  const alias = model && aliases.includes(model) ? model : 'opus'
  const version = cli?.version ? ` ${cli.version}` : ''
  return `Aliases follow the installed Claude Code${version}: ${alias} is that version's ${alias}`
}

/**
 * "Claude Code 2.1.332 — /usr/bin/claude", or "Claude Code at /usr/bin/claude —
 * capabilities unknown: <problem>" when Tessera could not tell what it supports.
 */
export function cliLine(label: string, cli: CliInfo): string {
  if (cli.problem) return `${label}${cli.version ? ` ${cli.version}` : ''} at ${cli.path} — capabilities unknown: ${cli.problem}`
  return cli.version ? `${label} ${cli.version} — ${cli.path}` : `${label} at ${cli.path}`
}

/** The agent area's tooltip: what is sent, where each setting comes from, which CLI runs. */
export function agentTooltip(label: string, agent: PaneAgentInfo): string {
  const explain = agent.explain.length ? agent.explain : ['No settings: the CLI uses its own defaults']
  return [sentModelLine(agent), ...explain, ...(agent.cli ? [cliLine(label, agent.cli)] : [])].join('\n')
}

export interface AgentVersion {
  /** "2.1.332", or "version unknown". */
  text: string
  /** Why it is unknown, for a tooltip. */
  problem?: string
}

/**
 * The version the New pane picker shows beside an available agent's path; none for
 * shells (they have no version) or for an agent that is not installed.
 */
export function agentVersion(agent: AgentAvailability): AgentVersion | undefined {
  if (agent.kind === 'shell' || !agent.available) return undefined
  if (agent.version) return agent.problem ? { text: agent.version, problem: agent.problem } : { text: agent.version }
  return agent.problem ? { text: 'version unknown', problem: agent.problem } : undefined
}

/** The reason the badge shows in its text: why an agent waits or failed, or that its work is a retry (other states keep it to the tooltip). */
export function visibleReason(status: PaneStatus): string | undefined {
  return status.state === 'waiting' || status.state === 'error' || status.state === 'working' ? status.reason : undefined
}

/** "Waiting for you — auto mode can't check actions". */
export function statusText(status: PaneStatus): string {
  return status.reason ? `${STATE_LABELS[status.state]} — ${status.reason}` : STATE_LABELS[status.state]
}
