import {
  unwrapResult,
  type CallInput,
  type CallName,
  type CallOutput,
  type CallResult,
  type EventName,
  type EventPayload,
  type TesseraClient
} from '../../../shared/bridge'
import { decodeDataEvent, type ClientMessage, type ServerMessage } from '../../../shared/wire'
import { EventListeners } from './event-listeners'

type Pending = (result: CallResult) => void

/** Browser mode's client: the bridge over one WebSocket to the host that served this page. */
export class WsClient implements TesseraClient {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new EventListeners()

  private constructor(private readonly socket: WebSocket) {
    socket.binaryType = 'arraybuffer'
    socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
      if (typeof event.data === 'string') return this.receive(event.data)
      const { name, payload } = decodeDataEvent(new Uint8Array(event.data))
      this.listeners.emit(name, payload)
    })
    socket.addEventListener('close', () => this.failPending('The connection to Tessera was closed'))
  }

  static connect(url: string, onClose: () => void): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      socket.addEventListener(
        'open',
        () => {
          // A refused handshake also closes the socket: only a lost connection is a disconnect.
          socket.addEventListener('close', onClose, { once: true })
          resolve(new WsClient(socket))
        },
        { once: true }
      )
      socket.addEventListener('error', () => reject(new Error('Could not connect to Tessera')), { once: true })
    })
  }

  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const id = this.nextId++
    const message: ClientMessage = { kind: 'call', id, name, input }
    return new Promise<CallResult>((resolve) => {
      this.pending.set(id, resolve)
      this.socket.send(JSON.stringify(message))
    }).then((result) => unwrapResult(result as CallResult<CallOutput<K>>))
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.listeners.add(name, listener)
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as ServerMessage
    if (message.kind === 'event') {
      this.listeners.emit(message.name, message.payload)
      return
    }
    if (message.id === null) return
    const resolve = this.pending.get(message.id)
    this.pending.delete(message.id)
    resolve?.(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error })
  }

  private failPending(reason: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'failed', message: reason } })
    this.pending.clear()
  }
}
