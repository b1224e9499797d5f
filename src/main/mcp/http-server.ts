import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'
import type { Logger } from '../log'
import { bearerProblem } from './bearer'

export const MCP_PATH = '/mcp'
/** A POST body larger than this is refused (send_keys text is at most 1 MB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024
/** Sessions kept; past it the least recently used one is closed (a client that left without saying so). */
const MAX_SESSIONS = 64

export interface McpHttpOptions {
  /** 0: any free port. */
  port: number
  token: string
  /** A new MCP server for a new session; dispose runs when the session ends. */
  createSession(context: SessionContext): { server: McpServer; dispose(): void }
  log: Logger
}

/** What the initialize request's headers say of the client: the orchestrator pane it runs in, if it says so. */
export interface SessionContext {
  paneId?: string
}

export interface McpHttpServer {
  url: string
  port: number
  close(): Promise<void>
}

interface Session {
  transport: StreamableHTTPServerTransport
  dispose(): void
}

/**
 * MCP over Streamable HTTP on 127.0.0.1 only. Every request must carry the bearer token
 * (401 otherwise, saying what is wrong); each MCP session gets its own server and transport.
 */
export async function startMcpHttp(options: McpHttpOptions): Promise<McpHttpServer> {
  const sessions = new Map<string, Session>()
  const { log } = options
  let port = options.port

  const newSession = async (context: SessionContext): Promise<StreamableHTTPServerTransport> => {
    const { server, dispose } = options.createSession(context)
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, dispose })
        evictOldest()
        log.info('mcp session started', { sessionId: id })
      },
      // The token already keeps web pages out; the Host check is a second lock against DNS rebinding.
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`]
    })
    transport.onclose = () => {
      const id = transport.sessionId
      if (id && sessions.delete(id)) log.info('mcp session ended', { sessionId: id })
      dispose()
    }
    await server.connect(transport)
    return transport
  }

  const evictOldest = (): void => {
    for (const [id, session] of sessions) {
      if (sessions.size <= MAX_SESSIONS) return
      sessions.delete(id)
      log.info('mcp session closed: too many sessions', { sessionId: id })
      void session.transport.close().catch(() => undefined)
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path !== MCP_PATH) return reply(res, 404, { error: `Not found: Tessera's MCP endpoint is ${MCP_PATH}` })
    const problem = bearerProblem(req.headers.authorization, options.token)
    if (problem) return reply(res, 401, rpcError(-32001, problem), { 'www-authenticate': 'Bearer realm="tessera"' })
    const sessionId = header(req, 'mcp-session-id')
    const session = sessionId === undefined ? undefined : sessions.get(sessionId)
    if (sessionId !== undefined && !session) return reply(res, 404, rpcError(-32001, `Session ${sessionId} not found (the host restarted or it ended): initialize a new one`))
    if (session) {
      // Most recently used last, so eviction takes the one idle longest.
      sessions.delete(sessionId as string)
      sessions.set(sessionId as string, session)
    }
    if (req.method !== 'POST') {
      if (!session) return reply(res, 400, rpcError(-32000, 'Bad request: GET and DELETE need the mcp-session-id of an initialized session'))
      return session.transport.handleRequest(req, res)
    }
    const body = await readJson(req)
    if (!body.ok) return reply(res, body.status, rpcError(-32700, body.message))
    log.debug('mcp request', { sessionId, methods: rpcMethods(body.value) })
    if (session) return session.transport.handleRequest(req, res, body.value)
    if (!isInitializeRequest(body.value)) return reply(res, 400, rpcError(-32600, 'Bad request: no mcp-session-id; the first request of a session must be initialize'))
    const paneId = header(req, 'x-tessera-pane')
    const transport = await newSession(paneId ? { paneId } : {})
    return transport.handleRequest(req, res, body.value)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('mcp request failed', { reason: error instanceof Error ? error.message : String(error) })
      if (!res.headersSent) reply(res, 500, rpcError(-32603, 'Internal error'))
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}${MCP_PATH}`,
    port,
    close: async () => {
      await Promise.all([...sessions.values()].map((session) => session.transport.close().catch(() => undefined)))
      sessions.clear()
      // Open SSE streams would keep close() waiting.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The JSON-RPC methods in a body (one message or a batch); responses have none. */
function rpcMethods(body: unknown): string[] {
  const messages: unknown[] = Array.isArray(body) ? body : [body]
  return messages.flatMap((message) => {
    const method = (message as { method?: unknown } | null)?.method
    return typeof method === 'string' ? [method] : []
  })
}

function rpcError(code: number, message: string): unknown {
  return { jsonrpc: '2.0', error: { code, message }, id: null }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string }

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: `Request body over ${MAX_BODY_BYTES} bytes` }
    chunks.push(chunk)
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }
  } catch (error) {
    return { ok: false, status: 400, message: `Parse error: the body is not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
}
