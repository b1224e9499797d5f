import {
  unwrapResult,
  type CallInput,
  type CallName,
  type CallOutput,
  type CallResult,
  type EventName,
  type EventPayload
} from '../../../shared/bridge'
import type { ClientMessage, ServerMessage } from '../../../shared/wire'
import { EventListeners } from './event-listeners'
import { NotConnectedError } from './not-connected'
import type { ClosableClient } from './host-link'
import type { FromSocketWorker, ToSocketWorker } from './socket-protocol'

interface Pending {
  resolve(result: CallResult): void
  reject(error: NotConnectedError): void
}

/** A handshake the host has not answered by then counts as failed (a host that hangs, not one that is down). */
const HANDSHAKE_TIMEOUT_MS = 10_000

/**
 * Browser mode's client: the bridge over one WebSocket to the host that served this
 * page. The socket itself lives in a worker (socket-worker.ts); this side sends calls
 * and hands results and events on.
 */
export class WsClient implements ClosableClient {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new EventListeners()
  private isClosed = false

  private constructor(private readonly worker: Worker) {}

  static connect(url: string, onClose: () => void): Promise<WsClient> {
    const worker = new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module' })
    return new Promise((resolve, reject) => {
      let client: WsClient | undefined
      // The page tries again after a failure: a failed try leaves no worker behind.
      const fail = (message: string): void => {
        clearTimeout(timeout)
        worker.terminate()
        reject(new Error(message))
      }
      const timeout = setTimeout(() => fail('Tessera did not answer'), HANDSHAKE_TIMEOUT_MS)
      worker.addEventListener('message', ({ data }: MessageEvent<FromSocketWorker>) => {
        if (data.type === 'open') {
          clearTimeout(timeout)
          resolve((client = new WsClient(worker)))
        } else if (data.type === 'messages') client?.receive(data.messages)
        // A refused handshake also closes the socket: only a lost connection is a disconnect.
        else if (!client) fail('Could not connect to Tessera')
        else if (data.type === 'closed') client.closed(onClose)
      })
      worker.addEventListener('error', () => fail('The connection worker failed to start'))
      worker.postMessage({ type: 'connect', url } satisfies ToSocketWorker)
    })
  }

  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    // Its worker is gone: an answer would never come.
    if (this.isClosed) return Promise.reject(new NotConnectedError('Not connected to Tessera'))
    const id = this.nextId++
    const message: ClientMessage = { kind: 'call', id, name, input }
    return new Promise<CallResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ type: 'send', text: JSON.stringify(message) } satisfies ToSocketWorker)
    }).then((result) => unwrapResult(result as CallResult<CallOutput<K>>))
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.listeners.add(name, listener)
  }

  private receive(messages: ServerMessage[]): void {
    for (const message of messages) {
      if (message.kind === 'event') {
        this.listeners.emit(message.name, message.payload)
        continue
      }
      if (message.id === null) continue
      const pending = this.pending.get(message.id)
      this.pending.delete(message.id)
      pending?.resolve(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error })
    }
  }

  /** Ends the connection from this side; no disconnect is reported for it. */
  close(): void {
    if (!this.isClosed) this.end()
  }

  private closed(onClose: () => void): void {
    if (this.isClosed) return
    this.end()
    onClose()
  }

  private end(): void {
    this.isClosed = true
    for (const pending of this.pending.values()) pending.reject(new NotConnectedError('The connection to Tessera was closed'))
    this.pending.clear()
    // The socket lives in the worker: ending the worker closes it.
    this.worker.terminate()
  }
}
