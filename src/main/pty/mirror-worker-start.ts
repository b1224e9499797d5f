import type { Worker } from 'node:worker_threads'
import { startBundledWorker } from '../workers'

/**
 * A runaway mirror dies (and is restarted) instead of eating the host's memory. The
 * young generation stays small: the worker's garbage is frames it has parsed, and a
 * nursery grown to its default size during a burst adds ~10 MB to the host's RSS.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 2 }

/** Starts the mirror worker (out/main/mirror-worker.js, or mirror-worker.ts from source). */
export function startMirrorWorker(): Worker {
  return startBundledWorker({ callerFile: __filename, callerDir: __dirname, sourceEntry: 'mirror-worker.ts', built: 'mirror-worker.js', resourceLimits: RESOURCE_LIMITS })
}
