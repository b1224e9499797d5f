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
import type { PreloadApi } from '../../../shared/preload-api'
import { EventListeners } from './event-listeners'

/** The desktop window's client: the preload's `window.tessera`, behind the common interface. */
export class IpcClient implements TesseraClient {
  private readonly listeners = new EventListeners()

  constructor(private readonly api: PreloadApi) {
    api.onEvent((name, payload) => this.listeners.emit(name, payload))
  }

  async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const invoke = this.api.calls[name] as (input: CallInput<K>) => Promise<CallResult<CallOutput<K>>>
    return unwrapResult(await invoke(input))
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.listeners.add(name, listener)
  }
}
