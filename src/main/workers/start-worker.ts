import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'

export interface BundledWorker {
  /** The caller's __filename and __dirname: they tell a source run (a .ts file) from the bundle. */
  callerFile: string
  callerDir: string
  /** The entry beside the caller in the sources, e.g. 'mirror-worker.ts'. */
  sourceEntry: string
  /** Its name in the bundle (an input of electron.vite.config.ts's main build), e.g. 'mirror-worker.js'. */
  built: string
  resourceLimits: ResourceLimits
}

/**
 * Starts a worker thread from the bundle or the sources. Built, the caller sits in out/main
 * or out/main/chunks and the worker is a file in out/main. From source (vitest, tsx) there
 * is no .js: the worker registers tsx's require hook and loads the .ts entry.
 */
export function startBundledWorker({ callerFile, callerDir, sourceEntry, built, resourceLimits }: BundledWorker): Worker {
  if (callerFile.endsWith('.ts')) {
    const entry = join(callerDir, sourceEntry)
    const tsx = createRequire(callerFile).resolve('tsx/cjs/api')
    const code = `require(${JSON.stringify(tsx)}).register();require(${JSON.stringify(entry)})`
    return new Worker(code, { eval: true, resourceLimits })
  }
  const file = [callerDir, dirname(callerDir)].map((dir) => join(dir, built)).find((f) => existsSync(f))
  if (!file) throw new Error(`${built} is not beside the bundle (${callerDir}); the main build must emit it`)
  return new Worker(file, { resourceLimits })
}
