import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../log'

export const HOOK_SECRET_HEADER = 'x-tessera-secret'
/** The pane's env var holding its secret; the CLI interpolates it into the header, the forwarder reads it. */
export const HOOK_SECRET_ENV = 'TESSERA_HOOK_SECRET'
const MAX_BODY_BYTES = 4 * 1024 * 1024
const PATH = /^\/hooks\/([0-9a-f-]{36})$/

export type HookListener = (event: string, payload: Record<string, unknown>) => void

interface Registration {
  secret: Buffer
  listener: HookListener
}

/**
 * Receives Claude Code's hook POSTs on 127.0.0.1: `/hooks/<pane id>` with the pane's
 * own secret in a header. Anything else is refused and changes nothing. It answers
 * at once with an empty object, so a hook never decides for the user or slows the agent.
 */
export class HookReceiver {
  private readonly panes = new Map<string, Registration>()
  private server: Server | undefined
  private port = 0

  constructor(private readonly log: Logger) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => this.handle(request, response))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
  }

  /** The URL a pane's hooks post to. */
  urlFor(paneId: string): string {
    if (!this.server) throw new Error('The hook receiver is not started')
    return `http://127.0.0.1:${this.port}/hooks/${paneId}`
  }

  register(paneId: string, secret: string, listener: HookListener): () => void {
    const registration = { secret: Buffer.from(secret), listener }
    this.panes.set(paneId, registration)
    return () => {
      if (this.panes.get(paneId) === registration) this.panes.delete(paneId)
    }
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const paneId = PATH.exec(request.url ?? '')?.[1]
    const registration = paneId ? this.panes.get(paneId) : undefined
    if (request.method !== 'POST' || !paneId || !registration) return refuse(response, 404, request)
    if (!secretMatches(request.headers[HOOK_SECRET_HEADER], registration.secret)) {
      this.log.warn('hook refused: bad secret', { paneId })
      return refuse(response, 401, request)
    }
    readBody(request, (body) => {
      if (body === undefined) return refuse(response, 413, request)
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      const payload = parseObject(body)
      const event = typeof payload?.hook_event_name === 'string' ? payload.hook_event_name : undefined
      if (!payload || !event) return this.log.warn('hook ignored: not a hook payload', { paneId })
      registration.listener(event, payload)
    })
  }
}

function refuse(response: ServerResponse, status: number, request: IncomingMessage): void {
  // Drain what the client sends so the socket closes cleanly.
  request.resume()
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end('{}')
}

function secretMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false
  const buffer = Buffer.from(given)
  return buffer.length === expected.length && timingSafeEqual(buffer, expected)
}

function readBody(request: IncomingMessage, done: (body: string | undefined) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  request.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
  })
  request.on('end', () => done(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')))
  request.on('error', () => done(undefined))
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
