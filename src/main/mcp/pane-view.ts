import type { PaneInfo } from '../../shared/bridge'

/** What an MCP client sees of a pane (get_pane, list_panes and the tessera://panes/<id> resource). */
export interface PaneView {
  paneId: string
  kind: PaneInfo['kind']
  title: string
  cwd: string
  status?: { state: string; since: string; ageMs: number; reason?: string }
  /** The model the pane's config resolved to (an alias such as "haiku", or a full id). */
  model?: string
  /** The model id the CLI reported it sends, once known (e.g. claude-haiku-4-5-20251001 for "haiku"). */
  activeModel?: string
  /** A model switch waiting for the current turn to end. */
  pendingModel?: string
  preset?: string
  sessionId?: string
  cost?: { usd: number; unpricedModels: string[]; tokens: Record<string, number> }
  /** "mcp:<client name>" for a pane created over MCP; absent for one the user made. */
  creator?: string
  /** Why its program could not start. */
  error?: string
  exit?: { exitCode: number; signal?: number }
}

export const paneUri = (paneId: string): string => `tessera://panes/${paneId}`

export function paneView(info: PaneInfo, now: number): PaneView {
  const { agent, status, cost } = info
  return {
    paneId: info.id,
    kind: info.kind,
    title: info.title,
    cwd: info.cwd,
    ...(status && {
      status: { state: status.state, since: new Date(status.since).toISOString(), ageMs: Math.max(0, now - status.since), ...(status.reason && { reason: status.reason }) }
    }),
    ...(agent?.model && { model: agent.model }),
    ...(agent?.activeModel && { activeModel: agent.activeModel }),
    ...(agent?.pendingModel && { pendingModel: agent.pendingModel }),
    ...(agent?.preset && { preset: agent.preset }),
    ...((agent?.sessionId ?? status?.sessionId) && { sessionId: agent?.sessionId ?? status?.sessionId }),
    ...(cost && { cost: { usd: cost.cost, unpricedModels: cost.unpricedModels, tokens: { ...cost.tokens } } }),
    ...(info.creator && { creator: info.creator }),
    ...(info.error && { error: info.error }),
    ...(info.exit && { exit: info.exit })
  }
}

/** A view's content without its age, which changes every millisecond: equal fingerprints mean nothing a client cares about changed. */
export function viewFingerprint(view: PaneView): string {
  const { status, ...rest } = view
  return JSON.stringify({ ...rest, status: status && { ...status, ageMs: 0 } })
}
