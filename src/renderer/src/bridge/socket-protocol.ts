import type { ServerMessage } from '../../../shared/wire'

// Messages between the page and its socket worker (socket-worker.ts), which owns
// browser mode's WebSocket so that receiving and decoding output never waits for,
// or holds up, the page's main thread.

export type ToSocketWorker = { type: 'connect'; url: string } | { type: 'send'; text: string }

export type FromSocketWorker =
  | { type: 'open' }
  /** The socket failed; before `open` this means the connection was refused. */
  | { type: 'error' }
  | { type: 'closed' }
  /** Everything that arrived since the last batch, decoded, in order. */
  | { type: 'messages'; messages: ServerMessage[] }
