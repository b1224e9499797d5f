import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isDataEvent } from '../../shared/data-frame'
import { encodeDataEvent } from './data-frame-encoder'
import { ClientMessage, type ServerMessage } from '../../shared/wire'
import { formatIssues } from '../bridge'
import type { Host } from '../host'
import { secretMatches } from '../host'
import type { Logger } from '../log'
import { serveStatic } from './static-files'

export const BRIDGE_PATH = '/bridge'
const LOOPBACK = '127.0.0.1'

export interface BrowserServerOptions {
  host: Host
  secret: string
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks any free port. */
  port: number
  log: Logger
}

export interface BrowserServer {
  port: number
  url: string
  close(): Promise<void>
}

/**
 * Browser mode's transport: serves the renderer and carries the bridge over a
 * WebSocket, on loopback only, for clients that hold the per-install secret and
 * come from the page this server served.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { host, log } = options
  const http = createServer((req, res) => void serveStatic(options.rendererDir, req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  const port = (): number => (http.address() as AddressInfo).port

  http.on('upgrade', (req, socket, head) => {
    const refusal = refuseReason(req, options.secret, port())
    if (refusal) {
      log.warn('refused bridge connection', { reason: refusal, origin: req.headers.origin ?? null })
      rejectUpgrade(socket, refusal === 'bad token' ? 401 : 403)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, host, log))
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, LOOPBACK, () => resolve())
  })
  return {
    port: port(),
    url: `http://${LOOPBACK}:${port()}/?token=${options.secret}`,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      // http.close() waits for every open connection, and ends only those it counts as
      // idle: a keep-alive one between requests. A browser also holds connections that
      // have sent nothing yet (Chromium opens spares ahead of need) or a request under
      // way: waiting for the browser to drop those kept a stopping host alive for as long
      // as it liked (16-24 s seen). The host is going away, so end them all.
      http.closeAllConnections()
      await closed
    }
  }
}

function refuseReason(req: IncomingMessage, secret: string, port: number): string | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname !== BRIDGE_PATH) return 'unknown path'
  const allowedOrigins = [`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]
  if (!allowedOrigins.includes(req.headers.origin ?? '')) return 'foreign origin'
  if (!secretMatches(secret, url.searchParams.get('token'))) return 'bad token'
  return undefined
}

function rejectUpgrade(socket: Duplex, status: 401 | 403): void {
  const text = status === 401 ? 'Unauthorized' : 'Forbidden'
  // Destroyed once written: a client that keeps its half open must not hold the socket.
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function serveConnection(ws: WebSocket, host: Host, log: Logger): void {
  // Each connection is one client (a tab, a reload is a new one): per-client state such as pane sizes is keyed by it.
  const clientId = `ws:${randomUUID()}`
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeServerMessage(message))
  }
  const unsubscribe = host.events.subscribe((name, payload) => send({ kind: 'event', name, payload }))
  ws.on('close', () => {
    unsubscribe()
    host.panes.clientLeft(clientId)
  })
  ws.on('message', (raw, isBinary) => {
    const message = parseClientMessage(isBinary ? null : raw.toString())
    if (!message.ok) {
      log.warn('rejected invalid bridge message', { reason: message.reason })
      send({ kind: 'result', id: message.id, ok: false, error: { code: 'invalid_message', message: message.reason } })
      return
    }
    const { id, name, input } = message.value
    void host.dispatcher.dispatch(name, input, 'ws', clientId).then((result) => send({ kind: 'result', id, ...result }))
  })
}

/** Output events go as binary frames (see wire.ts), everything else as JSON text. */
function encodeServerMessage(message: ServerMessage): string | Uint8Array {
  if (message.kind === 'event' && isDataEvent(message.name, message.payload)) {
    return encodeDataEvent({ name: message.name, payload: message.payload })
  }
  return JSON.stringify(message)
}

type Parsed = { ok: true; value: ClientMessage } | { ok: false; id: number | null; reason: string }

function parseClientMessage(text: string | null): Parsed {
  if (text === null) return { ok: false, id: null, reason: 'Binary frames are not part of the bridge' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, id: null, reason: 'Message is not valid JSON' }
  }
  const parsed = ClientMessage.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  const id = (json as { id?: unknown } | null)?.id
  return {
    ok: false,
    id: typeof id === 'number' ? id : null,
    reason: `Invalid bridge message: ${formatIssues(parsed.error)}`
  }
}
