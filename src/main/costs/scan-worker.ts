import { parentPort } from 'node:worker_threads'
import type { ToScanWorker } from './scan-protocol'
import { ScanLoop } from './scan-loop'

// The cost scanner's worker entry: reading a large transcript history takes seconds of CPU,
// which must not stall the host's PTY output.
const port = parentPort
if (!port) throw new Error('scan-worker must run in a worker thread')
const loop = new ScanLoop((message) => port.postMessage(message))
port.on('message', (message: ToScanWorker) => loop.handle(message))
