import { describe, expect, it } from 'vitest'
import type { AgentAvailability, PaneAgentInfo } from '../../src/shared/bridge.ts'
import type { PaneStatus } from '../../src/shared/status.ts'
import {
  agentTooltip,
  agentVersion,
  aliasNote,
  cliLine,
  modelDisplay,
  statusText,
  visibleReason
} from '../../src/renderer/src/grid/agent-text.ts'

// What the pane header and the New pane picker say about an agent: the model it
// asked for and the id the CLI sends, which CLI runs, and why it waits.

const agent = (patch: Partial<PaneAgentInfo>): PaneAgentInfo => ({ explain: [], ...patch })

describe('modelDisplay', () => {
  it('shows an alias and the id the CLI sends for it', () => {
    expect(modelDisplay(agent({ model: 'opus', activeModel: 'claude-opus-5-5' }))).toEqual({
      chosen: 'opus',
      sent: 'claude-opus-5-5',
      full: 'opus → claude-opus-5-5'
    })
  })

  it('says "CLI default", and which id that is once the CLI reports it', () => {
    expect(modelDisplay(agent({}))).toEqual({ chosen: 'CLI default', full: 'CLI default' })
    expect(modelDisplay(agent({ activeModel: 'claude-sonnet-5' })).full).toBe('CLI default → claude-sonnet-5')
  })

  it('adds no arrow when a full id is sent as it is', () => {
    expect(modelDisplay(agent({ model: 'claude-opus-4-1', activeModel: 'claude-opus-4-1' }))).toEqual({
      chosen: 'claude-opus-4-1',
      full: 'claude-opus-4-1'
    })
  })

  it('hides the sent id during a switch: it is the id of the model being left', () => {
    expect(modelDisplay(agent({ model: 'haiku', pendingModel: 'sonnet', activeModel: 'claude-haiku-4-5' }))).toEqual({
      chosen: 'sonnet',
      full: 'sonnet'
    })
  })
})

describe('the CLI a pane runs', () => {
  it('names the version and the path', () => {
    expect(cliLine('Claude Code', { path: '/usr/local/bin/claude', version: '2.1.332' })).toBe('Claude Code 2.1.332 — /usr/local/bin/claude')
  })

  it('says the capabilities are unknown, and why', () => {
    expect(cliLine('Claude Code', { path: '/opt/claude', problem: 'no version from --version' })).toBe(
      'Claude Code at /opt/claude — capabilities unknown: no version from --version'
    )
    expect(cliLine('Claude Code', { path: '/opt/claude', version: '2.1.332', problem: '--help could not be read' })).toBe(
      'Claude Code 2.1.332 at /opt/claude — capabilities unknown: --help could not be read'
    )
    expect(cliLine('Codex', { path: '/usr/bin/codex' })).toBe('Codex at /usr/bin/codex')
  })

  it('puts what is sent first, then where each setting comes from, then the CLI', () => {
    const info = agent({
      model: 'opus',
      activeModel: 'claude-opus-5-5',
      explain: ['model opus — pane override'],
      cli: { path: '/usr/local/bin/claude', version: '2.1.332' }
    })
    expect(agentTooltip('Claude Code', info)).toBe(
      'Model: opus → claude-opus-5-5\nmodel opus — pane override\nClaude Code 2.1.332 — /usr/local/bin/claude'
    )
  })

  it('describes the model still sent while a switch waits, and says when nothing is set', () => {
    const info = agent({ model: 'haiku', pendingModel: 'sonnet', activeModel: 'claude-haiku-4-5' })
    expect(agentTooltip('Claude Code', info)).toBe('Model: haiku → claude-haiku-4-5\nNo settings: the CLI uses its own defaults')
  })
})

describe('aliasNote', () => {
  it('names the installed version and the alias in use', () => {
    expect(aliasNote('claude', { path: '/c', version: '2.1.332' }, 'opus')).toBe(
      "Aliases follow the installed Claude Code 2.1.332: opus is that version's opus"
    )
    expect(aliasNote('claude', { path: '/c', version: '2.1.332' }, 'sonnet')).toBe(
      "Aliases follow the installed Claude Code 2.1.332: sonnet is that version's sonnet"
    )
  })

  it('speaks of opus when the model is a full id or unset, and leaves out an unknown version', () => {
    expect(aliasNote('claude', undefined, 'claude-opus-4-1')).toBe("Aliases follow the installed Claude Code: opus is that version's opus")
    expect(aliasNote('claude', { path: '/c', problem: 'x' }, '')).toBe("Aliases follow the installed Claude Code: opus is that version's opus")
  })

  it('is Claude Code only', () => {
    expect(aliasNote('codex', { path: '/c', version: '0.40.0' }, 'gpt-5')).toBeUndefined()
  })
})

describe('agentVersion in the New pane picker', () => {
  const available = (patch: Partial<AgentAvailability>): AgentAvailability => ({
    kind: 'claude',
    label: 'Claude Code',
    available: true,
    command: '/usr/local/bin/claude',
    ...patch
  })

  it('shows the version of an installed agent', () => {
    expect(agentVersion(available({ version: '2.1.332' }))).toEqual({ text: '2.1.332' })
  })

  it('says "version unknown" with the reason when the version could not be read', () => {
    expect(agentVersion(available({ problem: 'not executable' }))).toEqual({ text: 'version unknown', problem: 'not executable' })
    expect(agentVersion(available({ version: '2.1.332', problem: '--help could not be read' }))).toEqual({
      text: '2.1.332',
      problem: '--help could not be read'
    })
  })

  it('shows nothing for shells, missing agents, or an agent nothing was learnt about', () => {
    expect(agentVersion(available({ kind: 'shell', label: 'Shell', command: '/bin/bash', version: '5.2' }))).toBeUndefined()
    expect(agentVersion(available({ available: false, command: undefined, problem: 'x' }))).toBeUndefined()
    expect(agentVersion(available({}))).toBeUndefined()
  })
})

describe('status text', () => {
  const status = (state: PaneStatus['state'], reason?: string): PaneStatus => ({ state, since: 0, method: 'hooks', ...(reason ? { reason } : {}) })

  it('says why the agent waits', () => {
    expect(statusText(status('waiting', "auto mode can't check actions"))).toBe("Waiting for you — auto mode can't check actions")
    expect(statusText(status('waiting'))).toBe('Waiting for you')
    expect(statusText(status('error', 'rate_limit'))).toBe('Error — rate_limit')
  })

  it('puts the reason in the badge text for waiting and error only', () => {
    expect(visibleReason(status('waiting', 'permission: Bash'))).toBe('permission: Bash')
    expect(visibleReason(status('error', 'overloaded'))).toBe('overloaded')
    expect(visibleReason(status('crashed', 'exit 1'))).toBeUndefined()
    expect(visibleReason(status('working', 'retrying after 529 Overloaded (attempt 3/10)'))).toBe('retrying after 529 Overloaded (attempt 3/10)')
    expect(visibleReason(status('waiting'))).toBeUndefined()
  })
})
