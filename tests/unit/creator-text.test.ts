import { describe, expect, it } from 'vitest'
import { creatorDetail, creatorMark, creatorName } from '../../src/renderer/src/grid/creator-text.ts'

// Who made a pane, as its header says it: an MCP client by name, an orchestrator pane by its title.

const titles: Record<string, string> = { 'a1b2': 'Planner' }
const titleOf = (paneId: string): string | undefined => titles[paneId]

describe('a pane’s creator', () => {
  it('is nobody for a pane the user made', () => {
    expect(creatorName(undefined, titleOf)).toBeUndefined()
    expect(creatorMark(undefined)).toBeUndefined()
  })

  it('names an MCP client by its name', () => {
    const creator = creatorName('mcp:claude-code', titleOf)
    expect([creatorMark(creator), creatorDetail(creator)]).toEqual(['via claude-code', 'Created over MCP by claude-code'])
  })

  it('names an orchestrator pane by its current title, or says it is closed', () => {
    const open = creatorName('pane:a1b2', titleOf)
    expect([creatorMark(open), creatorDetail(open)]).toEqual(['via Planner', 'Created by the agent of the orchestrator pane Planner'])
    expect(creatorMark(creatorName('pane:gone', titleOf))).toBe('via a closed pane')
  })
})
