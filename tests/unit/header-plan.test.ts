import { describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge.ts'
import { cliDefaultLabel, pickerLabel } from '../../src/renderer/src/grid/agent-text.ts'
import { headerContent } from '../../src/renderer/src/grid/header-content.ts'
import { headerParts, type Measure } from '../../src/renderer/src/grid/header-parts.ts'
import { HEADER_STEPS, headerWidth, minimumHeaderWidth, planHeader, TITLE_RESERVE, type HeaderParts } from '../../src/renderer/src/grid/header-plan.ts'

// A pane header gives its parts up in a fixed order as the pane narrows, and what
// is left always fits, down to the grid's minimum pane width.

/** 7 px a character at 12 px, scaled for other sizes: wider than the UI font, so the sums are pessimistic. */
const measure: Measure = (text, size) => Math.ceil((text.length * 7 * size) / 12)

/** The grid's narrowest pane (SplitView's MIN_PANE_PX.row) less its 1 px border each side. */
const MIN_HEADER = 160 - 2

const claudePane = (patch: Partial<PaneInfo> = {}): PaneInfo => ({
  id: 'p1',
  kind: 'claude',
  cwd: '/home/user/projects/tessera',
  title: 'claude',
  cols: 80,
  rows: 24,
  pid: 42,
  status: { state: 'error', since: 0, reason: 'overloaded', method: 'hooks' },
  agent: {
    explain: [],
    model: 'opus',
    activeModel: 'claude-opus-5-5',
    preset: 'opus-heavy',
    pendingModel: 'claude-haiku-5-5',
    note: 'No API key for an isolated pane',
    permissionNote: 'auto mode cannot check actions here'
  },
  ...patch
})

const fullest = (): HeaderParts => headerParts(headerContent({ ...claudePane(), skipping: true, creator: 'mcp:orchestrator' }, 'a title the program set', { name: 'orchestrator', fromPane: false }), measure)

describe('planHeader', () => {
  it('shows everything when the pane is wide', () => {
    expect(planHeader(2000, fullest())).toEqual({ step: 'full', showCreator: true, showCwd: true, showPreset: true, badgeDots: false, compactPicker: false, overflow: false, pickerInMenu: false })
  })

  it('gives parts up in order as the pane narrows: creator mark, folder, chips, badge text, wide picker, buttons, then the picker', () => {
    const parts = fullest()
    const seen: string[] = []
    for (let width = 1200; width >= 100; width -= 1) {
      const { step } = planHeader(width, parts)
      if (seen[seen.length - 1] !== step) seen.push(step)
    }
    expect(seen).toEqual([...HEADER_STEPS])
  })

  it('never gives back a part while the pane narrows', () => {
    const parts = fullest()
    let previous = 0
    for (let width = 1200; width >= 100; width -= 1) {
      const index = HEADER_STEPS.indexOf(planHeader(width, parts).step)
      expect(index).toBeGreaterThanOrEqual(previous)
      previous = index
    }
  })

  it('picks a plan whose parts fit with the title at its reserve, whenever one does', () => {
    const parts = fullest()
    for (let width = 1200; width >= MIN_HEADER; width -= 1) {
      const plan = planHeader(width, parts)
      if (plan.step !== 'picker-in-menu') expect(headerWidth(plan, parts, TITLE_RESERVE)).toBeLessThanOrEqual(width)
    }
  })

  it('fits the busiest Claude header into the narrowest pane the grid allows', () => {
    expect(minimumHeaderWidth(fullest())).toBeLessThanOrEqual(MIN_HEADER)
  })

  it('counts the creator mark only on a pane an MCP client created', () => {
    expect(fullest().creator).toBe(measure('via orchestrator', 11) + 14)
    expect(headerParts(headerContent(claudePane(), undefined), measure).creator).toBeUndefined()
  })

  it('skips steps that change nothing: a shell has no picker or chips to give up', () => {
    const shell = headerParts(headerContent({ ...claudePane(), kind: 'shell', agent: undefined, status: { state: 'idle', since: 0, method: 'process' } }, undefined), measure)
    expect(shell.picker).toBeUndefined()
    expect(shell.preset).toBeUndefined()
    // The shell keeps its buttons out of the menu at widths where a Claude pane has lost them.
    expect(planHeader(260, shell).overflow).toBe(false)
    expect(planHeader(260, fullest()).overflow).toBe(true)
  })
})

describe('headerParts', () => {
  it('costs a badge less as a dot, and the picker less compact', () => {
    const parts = fullest()
    expect(parts.badges.dots).toBeLessThan(parts.badges.full)
    expect(parts.picker?.compact).toBeLessThan(parts.picker?.full ?? 0)
  })

  it('counts the Restart button only once the process has exited', () => {
    expect(headerParts(headerContent(claudePane(), undefined), measure).restart).toBeUndefined()
    expect(headerParts(headerContent(claudePane({ exit: { exitCode: 1 } }), undefined), measure).restart).toBeGreaterThan(0)
  })
})

describe('the picker names the CLI default', () => {
  it('by the id the CLI sends, once it has said', () => {
    expect(cliDefaultLabel(undefined)).toBe('CLI default')
    expect(pickerLabel({ activeModel: 'claude-sonnet-5-5' })).toBe('CLI default (claude-sonnet-5-5)')
    expect(pickerLabel({ model: 'opus', activeModel: 'claude-opus-5-5' })).toBe('opus')
    expect(pickerLabel({ model: 'opus', pendingModel: 'haiku' })).toBe('haiku')
  })
})
