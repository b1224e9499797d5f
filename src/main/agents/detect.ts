import type { AgentAvailability } from '../../shared/bridge'
import { AGENTS } from './catalog'
import { probeCli } from './cli-probe'
import { resolveCommand } from './resolve'

/** A picker may ask often; a second is short enough that a fresh install shows up at once. */
const CACHE_MS = 1000
let cache: { key: string; at: number; value: AgentAvailability[] } | undefined

/** Which kinds of pane can start here, with the resolved command or how to install it. */
export function detectAgents(env: NodeJS.ProcessEnv = process.env): AgentAvailability[] {
  // Keyed on PATH (and SHELL), so a changed PATH is never answered from the cache.
  const key = `${env.PATH ?? ''}\0${env.SHELL ?? ''}`
  const now = Date.now()
  if (cache && cache.key === key && now - cache.at < CACHE_MS) return cache.value.map((a) => ({ ...a }))
  const value = AGENTS.map(({ kind, label, installHint }): AgentAvailability => {
    const command = resolveCommand(kind, env)
    return command ? { kind, label, available: true, command } : { kind, label, available: false, installHint }
  })
  cache = { key, at: now, value }
  return value.map((a) => ({ ...a }))
}

/** How long the picker waits for a CLI's version; a slower one shows without it (its probe goes on and is cached). */
export const PICKER_PROBE_WAIT_MS = 1_500

/** detectAgents, with each installed CLI's version, or why it is unknown. */
export async function listAgents(env: NodeJS.ProcessEnv = process.env): Promise<AgentAvailability[]> {
  return Promise.all(detectAgents(env).map(withVersion))
}

async function withVersion(agent: AgentAvailability): Promise<AgentAvailability> {
  if (!agent.available || !agent.command || agent.kind === 'shell') return agent
  let timer: NodeJS.Timeout | undefined
  const waited = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PICKER_PROBE_WAIT_MS)
  })
  const probe = await Promise.race([probeCli(agent.kind, agent.command), waited])
  clearTimeout(timer)
  if (!probe) return agent
  const { version, problem } = probe.info
  return { ...agent, ...(version ? { version } : {}), ...(problem ? { problem } : {}) }
}
