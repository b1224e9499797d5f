import type { Worker } from 'node:worker_threads'
import { startBundledWorker } from '../workers'

/** Memory grows with the API responses on disk (about 300 bytes each); a runaway dies instead of eating the host's. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 2048 }

/** Starts the cost scanner's worker (out/main/cost-scan-worker.js, or scan-worker.ts from source). */
export function startScanWorker(): Worker {
  return startBundledWorker({ callerFile: __filename, callerDir: __dirname, sourceEntry: 'scan-worker.ts', built: 'cost-scan-worker.js', resourceLimits: RESOURCE_LIMITS })
}
