import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AgentSession } from '../../src/main/agents'
import { MCP_TOKEN_ENV, NO_MCP_NOTE } from '../../src/main/agents/orchestrator'
import { configFromValues, valuesFromConfig } from '../../src/renderer/src/components/settings/config-form'

// An orchestrator pane's launch: Tessera's MCP server in --mcp-config, its token in the
// process environment only, and the server's tools allowed.

const URL = 'http://127.0.0.1:7341/mcp'
const TOKEN = 'f'.repeat(64)

/** A session with the orchestrator option, and an env whose PATH holds a fake `claude` (launch resolves it). */
function orchestratorSession(endpoint: { url: string; token: string } | undefined, allowedTools?: string[]): { session: AgentSession; paneDir: string; env: Record<string, string> } {
  const bin = mkdtempSync(join(tmpdir(), 'tessera-bin-'))
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\n', { mode: 0o755 })
  const paneDir = mkdtempSync(join(tmpdir(), 'tessera-pane-'))
  const config = { orchestrator: true, ...(allowedTools && { allowedTools }) }
  const session = new AgentSession({ paneId: 'p1', kind: 'claude', cwd: tmpdir(), paneDir, config, explain: [], mcpEndpoint: () => endpoint })
  return { session, paneDir, env: { PATH: bin } }
}

describe('an orchestrator pane', () => {
  it("adds Tessera's server with a header read from the environment and one naming the pane, and allows its tools", () => {
    const { session, paneDir, env } = orchestratorSession({ url: URL, token: TOKEN }, ['Read'])
    const spec = session.launch(env)
    const at = spec.args.indexOf('--mcp-config')
    expect(JSON.parse(spec.args[at + 1] as string)).toEqual({
      mcpServers: { tessera: { type: 'http', url: URL, headers: { Authorization: `Bearer \${${MCP_TOKEN_ENV}}`, 'X-Tessera-Pane': 'p1' } } }
    })
    const allowed = spec.args.indexOf('--allowed-tools')
    expect(spec.args.slice(allowed + 1, allowed + 3)).toEqual(['Read', 'mcp__tessera'])
    expect(spec.env[MCP_TOKEN_ENV]).toBe(TOKEN)
    // The token is in neither the arguments nor any file the pane's launch wrote.
    expect(spec.args.join(' ')).not.toContain(TOKEN)
    for (const file of readdirSync(paneDir)) expect(readFileSync(join(paneDir, file), 'utf8')).not.toContain(TOKEN)
  })

  it('starts without the tools, and says why, when the MCP server is not running', () => {
    const { session, env } = orchestratorSession(undefined)
    const spec = session.launch(env)
    expect(spec.args).not.toContain('--mcp-config')
    expect(spec.env[MCP_TOKEN_ENV]).toBeUndefined()
    expect(session.info().note).toBe(NO_MCP_NOTE)
  })

  it('round-trips through the preset form as a yes/no field', () => {
    const values = valuesFromConfig({ orchestrator: true })
    expect(values.orchestrator).toBe('true')
    expect(configFromValues('claude', values)).toEqual({ ok: true, config: { orchestrator: true } })
    expect(configFromValues('claude', { ...values, orchestrator: 'false' })).toEqual({ ok: true, config: { orchestrator: false } })
    expect(configFromValues('claude', { ...values, orchestrator: '' })).toEqual({ ok: true, config: {} })
  })
})
