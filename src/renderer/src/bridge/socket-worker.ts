import { decodeDataEvent } from '../../../shared/data-frame'
import type { ServerMessage } from '../../../shared/wire'
import type { FromSocketWorker, ToSocketWorker } from './socket-protocol'

// Browser mode's WebSocket, in a dedicated worker: frames are received and decoded
// here while the page parses and draws, and reach the page in batches (one task per
// batch, not one per frame), so a flood neither queues up behind the page's frames
// nor interleaves a task per frame with them.

interface WorkerScope {
  postMessage(message: FromSocketWorker): void
  addEventListener(type: 'message', listener: (event: MessageEvent<ToSocketWorker>) => void): void
}

const scope = globalThis as unknown as WorkerScope
let socket: WebSocket | undefined
let batch: ServerMessage[] = []

scope.addEventListener('message', ({ data }) => {
  if (data.type === 'connect') connect(data.url)
  else socket?.send(data.text)
})

function connect(url: string): void {
  socket = new WebSocket(url)
  socket.binaryType = 'arraybuffer'
  socket.addEventListener('open', () => scope.postMessage({ type: 'open' }))
  socket.addEventListener('error', () => scope.postMessage({ type: 'error' }))
  socket.addEventListener('message', ({ data }: MessageEvent<string | ArrayBuffer>) => queue(decode(data)))
  socket.addEventListener('close', () => {
    flush()
    scope.postMessage({ type: 'closed' })
  })
}

function decode(data: string | ArrayBuffer): ServerMessage {
  if (typeof data === 'string') return JSON.parse(data) as ServerMessage
  return { kind: 'event', ...decodeDataEvent(new Uint8Array(data)) }
}

/** Frames that arrive together (within one turn of this worker) travel to the page together. */
function queue(message: ServerMessage): void {
  if (batch.push(message) === 1) setTimeout(flush, 0)
}

function flush(): void {
  if (batch.length === 0) return
  scope.postMessage({ type: 'messages', messages: batch })
  batch = []
}
