import { parentPort } from 'node:worker_threads'
import { MirrorEngine } from './mirror-engine'
import type { ToMirror } from './mirror-protocol'

// The mirror worker's entry: parsing terminal output costs about as much as reading
// it, so it runs here, off the thread that reads the PTYs.
const port = parentPort
if (!port) throw new Error('mirror-worker must run in a worker thread')
const engine = new MirrorEngine((message) => port.postMessage(message))
port.on('message', (message: ToMirror) => engine.handle(message))
