import { describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { bearerProblem, keyBytes } from '../../src/main/mcp'
import { paneView, viewFingerprint } from '../../src/main/mcp/pane-view'

// The MCP server's pure parts: named keys as a terminal sends them, the bearer check, and
// what makes a pane's view "changed" for subscribers.

describe('keyBytes', () => {
  it.each([
    ['Enter', '\r'],
    ['esc', '\x1b'],
    ['Escape', '\x1b'],
    ['Tab', '\t'],
    ['Shift+Tab', '\x1b[Z'],
    ['Backspace', '\x7f'],
    ['Up', '\x1b[A'],
    ['down', '\x1b[B'],
    ['Right', '\x1b[C'],
    ['Left', '\x1b[D'],
    ['PageDown', '\x1b[6~'],
    ['Ctrl+C', '\x03'],
    ['ctrl-d', '\x04'],
    ['Ctrl + Z', '\x1a'],
    ['C-a', '\x01']
  ])('%s', (name, bytes) => {
    expect(keyBytes(name)).toBe(bytes)
  })

  it('knows no other names', () => {
    for (const name of ['Hyper+Q', 'Ctrl+1', 'Enterr', 'F13', '']) expect(keyBytes(name)).toBeUndefined()
  })
})

describe('bearerProblem', () => {
  const token = 'a'.repeat(64)
  it('accepts the token, case-insensitive scheme, and nothing else', () => {
    expect(bearerProblem(`Bearer ${token}`, token)).toBeUndefined()
    expect(bearerProblem(`bearer ${token}`, token)).toBeUndefined()
    expect(bearerProblem(undefined, token)).toMatch(/no bearer token/)
    expect(bearerProblem(token, token)).toMatch(/must be "Bearer <token>"/)
    expect(bearerProblem(`Basic ${token}`, token)).toMatch(/must be "Bearer <token>"/)
    expect(bearerProblem(`Bearer ${token}x`, token)).toMatch(/wrong bearer token/)
    expect(bearerProblem(`Bearer ${'b'.repeat(64)}`, token)).toMatch(/wrong bearer token/)
    expect(bearerProblem('Bearer ', token)).toMatch(/must be "Bearer <token>"/)
  })
})

describe('paneView', () => {
  const info: PaneInfo = {
    id: '6f1d3a2e-0000-4000-8000-000000000001',
    kind: 'claude',
    title: 'worker',
    cwd: '/work',
    cols: 80,
    rows: 24,
    status: { state: 'working', since: 1_000, method: 'hooks', sessionId: 's1' },
    agent: { model: 'haiku', activeModel: 'claude-haiku-5-5', preset: 'haiku-worker', explain: [] },
    creator: 'mcp:orchestrator'
  }

  it("shows the status's age, the model, preset, session and creator", () => {
    expect(paneView(info, 4_000)).toEqual({
      paneId: info.id,
      kind: 'claude',
      title: 'worker',
      cwd: '/work',
      status: { state: 'working', since: new Date(1_000).toISOString(), ageMs: 3_000 },
      model: 'haiku',
      activeModel: 'claude-haiku-5-5',
      preset: 'haiku-worker',
      sessionId: 's1',
      creator: 'mcp:orchestrator'
    })
  })

  it('changes its fingerprint with the status, not with the time passing', () => {
    const before = viewFingerprint(paneView(info, 2_000))
    expect(viewFingerprint(paneView(info, 9_000))).toBe(before)
    const idle: PaneInfo = { ...info, status: { state: 'idle', since: 8_000, method: 'hooks', sessionId: 's1' } }
    expect(viewFingerprint(paneView(idle, 9_000))).not.toBe(before)
  })
})
