import type { AgentAvailability } from '../../shared/bridge'
import { AGENTS } from './catalog'
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
