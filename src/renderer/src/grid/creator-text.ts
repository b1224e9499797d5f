// A pane's creator as the header shows it: "mcp:<client name>" for a pane an MCP client made,
// "pane:<id>" for one the agent of an orchestrator pane made (named by that pane's title).

export interface CreatorName {
  name: string
  /** Made by the agent of an orchestrator pane (name is its title). */
  fromPane: boolean
}

const PANE_PREFIX = 'pane:'
const MCP_PREFIX = 'mcp:'

/** The orchestrator pane a creator names, if it is one. */
export function creatorPaneId(creator: string | undefined): string | undefined {
  return creator?.startsWith(PANE_PREFIX) ? creator.slice(PANE_PREFIX.length) : undefined
}

/** Who made the pane; undefined for a pane the user made. `paneTitle` names an orchestrator pane (undefined: closed). */
export function creatorName(creator: string | undefined, paneTitle: (paneId: string) => string | undefined): CreatorName | undefined {
  if (!creator) return undefined
  const paneId = creatorPaneId(creator)
  if (paneId !== undefined) return { name: paneTitle(paneId) ?? 'a closed pane', fromPane: true }
  return { name: creator.startsWith(MCP_PREFIX) ? creator.slice(MCP_PREFIX.length) : creator, fromPane: false }
}

/** The header's small mark, e.g. "via Claude Code". */
export function creatorMark(creator: CreatorName | undefined): string | undefined {
  return creator && `via ${creator.name}`
}

/** The mark's tooltip, also added to the title's tooltip and the pane's label (the mark is dropped first as the pane narrows). */
export function creatorDetail(creator: CreatorName | undefined): string | undefined {
  if (!creator) return undefined
  return creator.fromPane ? `Created by the agent of the orchestrator pane ${creator.name}` : `Created over MCP by ${creator.name}`
}
