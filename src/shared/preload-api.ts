import type { CallInput, CallName, CallOutput, CallResult, Unsubscribe } from './bridge'

/** What the preload script exposes as `window.tessera` in the desktop window. */
export interface PreloadApi {
  calls: { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<CallOutput<K>>> }
  onEvent(listener: (name: string, payload: unknown) => void): Unsubscribe
}
