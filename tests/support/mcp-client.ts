import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { REPO_ROOT } from './claude-versions.ts'

// The official SDK's client, as an MCP client of Tessera would use it: over Streamable HTTP
// with the bearer token, or through the stdio bridge (scripts/tessera-mcp.mjs, built).

export const MCP_CLIENT_NAME = 'tessera-test-client'

export type McpTransportKind = 'http' | 'stdio'

export interface ToolOutcome {
  isError: boolean
  /** The text of the first content block (the JSON the tools return, or an error message). */
  text: string
}

export interface McpTestClient {
  client: Client
  /** The bridge's stderr so far (stdio only). */
  stderr(): string
  /** Calls a tool; tool errors come back as outcomes, not throws. */
  tool(name: string, args?: Record<string, unknown>): Promise<ToolOutcome>
  /** Calls a tool that must succeed and parses its JSON. */
  json<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>
  /** Every resource URI a notifications/resources/updated named, in order. */
  updates: string[]
  /** Resolves at the next update for `uri` after this call. */
  nextUpdate(uri: string): Promise<void>
  close(): Promise<void>
}

/** `headers`: more headers on every HTTP request (an orchestrator pane's CLI names its pane in one). */
export async function connectMcp(kind: McpTransportKind, target: { url: string; token: string; dataDir: string; headers?: Record<string, string> }): Promise<McpTestClient> {
  const client = new Client({ name: MCP_CLIENT_NAME, version: '1.0.0' })
  let stderr = ''
  if (kind === 'http') {
    await client.connect(new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: { ...target.headers, authorization: `Bearer ${target.token}` } } }))
  } else {
    const transport = new StdioClientTransport({ command: process.execPath, args: [join(REPO_ROOT, 'scripts', 'tessera-mcp.mjs'), '--data-dir', target.dataDir], stderr: 'pipe', cwd: REPO_ROOT })
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await client.connect(transport)
  }
  const updates: string[] = []
  const waiters: Array<{ uri: string; resolve: () => void }> = []
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) => {
    updates.push(params.uri)
    for (const waiter of waiters.splice(0)) {
      if (waiter.uri === params.uri) waiter.resolve()
      else waiters.push(waiter)
    }
  })
  const tool = async (name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome> => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })
    const content = result.content as Array<{ type: string; text?: string }>
    return { isError: result.isError === true, text: content[0]?.text ?? '' }
  }
  return {
    client,
    stderr: () => stderr,
    tool,
    json: async <T,>(name: string, args?: Record<string, unknown>) => {
      const outcome = await tool(name, args)
      if (outcome.isError) throw new Error(`${name} failed: ${outcome.text}`)
      return JSON.parse(outcome.text) as T
    },
    updates,
    nextUpdate: (uri) => new Promise((resolve) => waiters.push({ uri, resolve })),
    close: () => client.close()
  }
}
