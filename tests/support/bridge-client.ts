import { WebSocket, type RawData } from 'ws'
import {
  BridgeError,
  calls,
  events,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  type Unsubscribe
} from '../../src/shared/bridge.ts'
import { decodeDataEvent } from '../../src/shared/data-frame.ts'
import { ServerMessage } from '../../src/shared/wire.ts'

// A test's or the bench's own line to the host: the same authorised WebSocket the page uses
// (`/bridge?token=…` from the page's origin), with typed calls and events.
//
// The host broadcasts every event to every client, so while this client is open the
// host serialises and sends each pane's output twice. Figures that measure output
// should connect, do their calls and close before the clock matters (`withBridge`).

export interface BridgeEndpoint {
  port: number
  token: string
  origin: string
}

interface Pending {
  name: CallName
  resolve(value: unknown): void
  reject(error: Error): void
}

type AnyListener = (payload: unknown) => void

export class BridgeClient {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, Set<AnyListener>>()
  private readonly closed: Promise<void>

  private constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('message', (raw, isBinary) => (isBinary ? this.receiveData(raw) : this.receive(raw)))
    socket.once('close', () => this.failPending(new Error('bridge connection closed')))
  }

  static async connect(endpoint: BridgeEndpoint, timeoutMs = 10_000): Promise<BridgeClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${endpoint.port}/bridge?token=${endpoint.token}`, {
      origin: endpoint.origin,
      handshakeTimeout: timeoutMs
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
      socket.once('unexpected-response', (_request, response) => {
        response.resume()
        reject(new Error(`bridge refused the connection: HTTP ${response.statusCode ?? '?'}`))
      })
    })
    return new BridgeClient(socket)
  }

  /** One call; resolves with the host's value, checked against the contract, or rejects with a BridgeError. */
  call<K extends CallName>(name: K, input: CallInput<K>, timeoutMs = 30_000): Promise<CallOutput<K>> {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`${name}: bridge is not open`))
    const id = this.nextId++
    return new Promise<CallOutput<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${name}: no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        name,
        resolve: (value) => {
          clearTimeout(timer)
          try {
            resolve(calls[name].output.parse(value) as CallOutput<K>)
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)))
          }
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        }
      })
      this.socket.send(JSON.stringify({ kind: 'call', id, name, input }))
    })
  }

  /** Listens to one host event; the payload is checked against the contract. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const set = this.listeners.get(name) ?? new Set<AnyListener>()
    this.listeners.set(name, set)
    const wrapped: AnyListener = (payload) => listener(events[name].parse(payload) as EventPayload<E>)
    set.add(wrapped)
    return () => set.delete(wrapped)
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return
    this.socket.close()
    const timer = setTimeout(() => this.socket.terminate(), 2_000)
    await this.closed
    clearTimeout(timer)
  }

  /** Output events come as binary frames; with nobody listening they are dropped undecoded. */
  private receiveData(raw: RawData): void {
    if (!this.listeners.get('pane.data')?.size) return
    const { name, payload } = decodeDataEvent(toBytes(raw))
    this.emit(name, payload)
  }

  private receive(raw: RawData): void {
    const message = ServerMessage.parse(JSON.parse(raw.toString()))
    if (message.kind === 'event') return this.emit(message.name, message.payload)
    const pending = message.id === null ? undefined : this.pending.get(message.id)
    if (!pending) return
    this.pending.delete(message.id as number)
    if (message.ok) pending.resolve(message.value)
    else pending.reject(new BridgeError(message.error.code, `${pending.name}: ${message.error.message}`))
  }

  private emit(name: string, payload: unknown): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload)
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}

/** ws hands a binary message over as one Buffer unless it came in fragments. */
function toBytes(raw: RawData): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw)
  return raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw
}

/** Connects, runs `use`, and closes the connection whatever happens. */
export async function withBridge<T>(endpoint: BridgeEndpoint, use: (bridge: BridgeClient) => Promise<T>): Promise<T> {
  const bridge = await BridgeClient.connect(endpoint)
  try {
    return await use(bridge)
  } finally {
    await bridge.close()
  }
}
