// A pane's creator ("mcp:<client name>" for panes an MCP client made) as the header shows it.

/** The client's name without the "mcp:" prefix; undefined for a pane the user made. */
export function creatorClient(creator: string | undefined): string | undefined {
  if (!creator) return undefined
  return creator.startsWith('mcp:') ? creator.slice('mcp:'.length) : creator
}

/** The header's small mark, e.g. "via orchestrator". */
export function creatorMark(creator: string | undefined): string | undefined {
  const client = creatorClient(creator)
  return client === undefined ? undefined : `via ${client}`
}

/** The mark's tooltip, also added to the title's tooltip and the pane's label (the mark is dropped first as the pane narrows). */
export function creatorDetail(creator: string | undefined): string | undefined {
  const client = creatorClient(creator)
  return client === undefined ? undefined : `Created over MCP by ${client}`
}
