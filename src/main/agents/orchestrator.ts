import type { AgentConfig } from '../../shared/agent-config'

// The "orchestrator" option: a Claude pane that gets Tessera's own MCP server, so its agent
// can create panes, prompt them and wait for their answers.
//
// The bearer token never goes into a file: the server's entry (passed inline to --mcp-config)
// names the header as `Bearer ${TESSERA_MCP_TOKEN}`, which Claude Code expands from its own
// environment (env expansion in .mcp.json / --mcp-config headers), and only this pane's
// process environment holds the value.

/** The server's name in the pane's MCP config: its tools are mcp__tessera__tessera_create_pane, … */
export const TESSERA_MCP_SERVER = 'tessera'
/** The header that names the orchestrator pane, so the panes its agent creates are marked with it (and counted against its own cap). */
export const ORCHESTRATOR_PANE_HEADER = 'X-Tessera-Pane'
/** The pane's environment variable that carries the bearer token. */
export const MCP_TOKEN_ENV = 'TESSERA_MCP_TOKEN'
/** A permission rule naming the whole server: every tool of it is allowed without a prompt. */
export const ORCHESTRATOR_ALLOWED_TOOL = `mcp__${TESSERA_MCP_SERVER}`

export interface McpEndpointInfo {
  url: string
  token: string
}

export interface OrchestratorLaunch {
  /** --mcp-config, and the config with the server's tools allowed. */
  args: string[]
  config: AgentConfig
  env: Record<string, string>
}

/** The --mcp-config JSON: the HTTP server, a header the CLI fills from the pane's environment, and the pane's id. */
export function orchestratorMcpConfig(url: string, paneId: string): string {
  const headers = { Authorization: `Bearer \${${MCP_TOKEN_ENV}}`, [ORCHESTRATOR_PANE_HEADER]: paneId }
  return JSON.stringify({ mcpServers: { [TESSERA_MCP_SERVER]: { type: 'http', url, headers } } })
}

/** What an orchestrator pane adds to its launch; the config unchanged when the option is off. */
export function orchestratorLaunch(config: AgentConfig, endpoint: McpEndpointInfo, paneId: string): OrchestratorLaunch {
  const allowed = config.allowedTools ?? []
  return {
    args: ['--mcp-config', orchestratorMcpConfig(endpoint.url, paneId)],
    config: { ...config, allowedTools: allowed.includes(ORCHESTRATOR_ALLOWED_TOOL) ? allowed : [...allowed, ORCHESTRATOR_ALLOWED_TOOL] },
    env: { [MCP_TOKEN_ENV]: endpoint.token }
  }
}

/** Why an orchestrator pane starts without Tessera's tools (shown in its header). */
export const NO_MCP_NOTE = "Orchestrator: Tessera's MCP server is not running (setting mcp.enabled, or --no-mcp), so this pane has no Tessera tools"
