import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import {
  isInitializedNotification,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type JSONRPCRequest
} from '@modelcontextprotocol/sdk/types.js'
import { readEndpoint } from './endpoint'

// The stdio bridge (`npm run -s mcp`, `tessera-mcp`): for MCP clients that only start servers
// as processes. It relays stdin/stdout to the host's Streamable HTTP endpoint, found in
// <data dir>/mcp.json. If the host restarts (a new session, maybe a new port), the bridge
// opens a new session by replaying the client's initialize and subscriptions, so the client
// never notices. Nothing but JSON-RPC may reach stdout.

export interface StdioBridgeOptions {
  dataDir: string
  /** Diagnostics: stderr, never stdout. */
  log(line: string): void
}

const BRIDGE_ID = 'tessera-bridge-'

export async function runStdioBridge({ dataDir, log }: StdioBridgeOptions): Promise<void> {
  const stdio = new StdioServerTransport()
  /** Requests the bridge itself sent (a replayed initialize, subscriptions), answered to it only. */
  const own = new Map<string, (message: JSONRPCMessage) => void>()
  let initialize: JSONRPCRequest | undefined
  let initialized = false
  const subscriptions = new Set<string>()
  let sequence = 0
  let link = await connect()
  let reconnecting: Promise<void> | undefined
  /** Settles once the host has answered the client's initialize: the session id every later message needs comes with it. */
  let sessionOpen: Promise<unknown> = Promise.resolve()

  async function connect(): Promise<StreamableHTTPClientTransport> {
    const endpoint = readEndpoint(dataDir)
    const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: { authorization: `Bearer ${endpoint.token}` } } })
    transport.onmessage = (message) => fromHost(transport, message)
    transport.onerror = (error) => log(`tessera-mcp: ${error.message}`)
    await transport.start()
    return transport
  }

  function fromHost(from: StreamableHTTPClientTransport, message: JSONRPCMessage): void {
    const id = 'id' in message ? String(message.id) : undefined
    const mine = id === undefined ? undefined : own.get(id)
    if (mine) return mine(message)
    // Later requests carry the protocol version the session agreed on.
    if (initialize && id === String(initialize.id) && isJSONRPCResultResponse(message)) from.setProtocolVersion(String(message.result.protocolVersion))
    void stdio.send(message)
  }

  /** Sends a request of the bridge's own and waits for its answer. */
  function ask(request: Omit<JSONRPCRequest, 'id'>): Promise<JSONRPCMessage> {
    const id = `${BRIDGE_ID}${++sequence}`
    return new Promise((resolve, reject) => {
      own.set(id, (message) => {
        own.delete(id)
        if (isJSONRPCErrorResponse(message)) reject(new Error(message.error.message))
        else resolve(message)
      })
      link.send({ ...request, id } as JSONRPCMessage).catch((error: unknown) => {
        own.delete(id)
        reject(error instanceof Error ? error : new Error(String(error)))
      })
    })
  }

  /** A new session on the host as it runs now, in the state the client believes it is in. */
  async function reopen(): Promise<void> {
    const old = link
    old.onmessage = undefined
    old.onerror = undefined
    await old.close().catch(() => undefined)
    link = await connect()
    if (!initialize) return
    const answer = await ask({ jsonrpc: '2.0', method: 'initialize', params: initialize.params })
    if (isJSONRPCResultResponse(answer)) link.setProtocolVersion(String(answer.result.protocolVersion))
    if (initialized) await link.send({ jsonrpc: '2.0', method: 'notifications/initialized' })
    for (const uri of subscriptions) await ask({ jsonrpc: '2.0', method: 'resources/subscribe', params: { uri } })
    log('tessera-mcp: reconnected to Tessera (new session)')
  }

  /** Messages go on as they come (a long wait_for_turn must not hold up other calls), except that none overtakes initialize. */
  async function toHost(message: JSONRPCMessage): Promise<void> {
    remember(message)
    if (isInitializeRequest(message)) {
      const sent = deliver(message)
      sessionOpen = sent.catch(() => undefined)
      return sent
    }
    await sessionOpen
    return deliver(message)
  }

  async function deliver(message: JSONRPCMessage): Promise<void> {
    try {
      await link.send(message)
    } catch (error) {
      if (!sessionLost(error)) throw error
      reconnecting ??= reopen().finally(() => (reconnecting = undefined))
      await reconnecting
      await link.send(message)
    }
  }

  function remember(message: JSONRPCMessage): void {
    if (isInitializeRequest(message)) initialize = message as JSONRPCRequest
    if (isInitializedNotification(message)) initialized = true
    if (!isJSONRPCRequest(message)) return
    const uri = (message.params as { uri?: unknown } | undefined)?.uri
    if (typeof uri !== 'string') return
    if (message.method === 'resources/subscribe') subscriptions.add(uri)
    if (message.method === 'resources/unsubscribe') subscriptions.delete(uri)
  }

  stdio.onmessage = (message) => {
    toHost(message).catch((error: unknown) => {
      // The transport has logged it (onerror); a request gets its answer, an error saying why, rather than silence.
      const reason = error instanceof Error ? error.message : String(error)
      if (isJSONRPCRequest(message)) void stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `Tessera MCP bridge: ${reason}` } })
    })
  }
  stdio.onerror = (error) => log(`tessera-mcp: ${error.message}`)
  await stdio.start()

  // The client went away (stdin closed) or asked us to stop: end the session, then exit.
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve)
    process.stdout.once('error', () => resolve())
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve)
  })
  await link.terminateSession().catch(() => undefined)
  await link.close().catch(() => undefined)
}

/** The host's session is gone (404) or the host is unreachable (restarted, maybe on another port): worth one new session. */
function sessionLost(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 404
  return error instanceof TypeError && /fetch failed/i.test(error.message)
}
