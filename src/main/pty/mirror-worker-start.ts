import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** The bundle's name for the worker entry (an input of electron.vite.config.ts's main build). */
export const BUILT_WORKER = 'mirror-worker.js'

/**
 * A runaway mirror dies (and is restarted) instead of eating the host's memory. The
 * young generation stays small: the worker's garbage is frames it has parsed, and a
 * nursery grown to its default size during a burst adds ~10 MB to the host's RSS.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 2 }

/**
 * Starts the mirror worker. Built, this code sits in out/main or out/main/chunks and the
 * worker is out/main/mirror-worker.js. From source (vitest, tsx) there is no .js: the
 * worker registers tsx's require hook and loads mirror-worker.ts.
 */
export function startMirrorWorker(): Worker {
  if (__filename.endsWith('.ts')) {
    const entry = join(__dirname, 'mirror-worker.ts')
    const tsx = createRequire(__filename).resolve('tsx/cjs/api')
    const code = `require(${JSON.stringify(tsx)}).register();require(${JSON.stringify(entry)})`
    return new Worker(code, { eval: true, resourceLimits: RESOURCE_LIMITS })
  }
  const file = [__dirname, dirname(__dirname)].map((dir) => join(dir, BUILT_WORKER)).find((f) => existsSync(f))
  if (!file) throw new Error(`${BUILT_WORKER} is not beside the bundle (${__dirname}); the main build must emit it`)
  return new Worker(file, { resourceLimits: RESOURCE_LIMITS })
}
