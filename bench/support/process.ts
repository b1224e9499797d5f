import { readFileSync } from 'node:fs'
import type { ServeProcess } from '../../tests/support/serve-process.ts'

// Process-level measurements and shutdown the figure modules share.

/** Resident set size of a live process in bytes, from /proc/<pid>/status (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  if (!match) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1]) * 1024
}

/** 1 MB = 1e6 bytes throughout the bench. */
export const toMB = (bytes: number): number => bytes / 1e6

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Stops serve, escalating to SIGKILL when it does not exit in time, so a wedged host cannot hang the bench. */
export async function stopServe(serve: ServeProcess | undefined, graceMs = 5_000): Promise<void> {
  if (!serve) return
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)))
  const stopped = serve.stop()
  const outcome = await Promise.race([stopped, timedOut])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    process.stderr.write('bench: serve did not exit on SIGTERM, killing it\n')
    await serve.stop('SIGKILL')
  }
}

/** Runs cleanup steps newest first; each runs even when an earlier one fails. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = []

  add(step: () => unknown): void {
    this.steps.push(step)
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step()
      } catch (error) {
        process.stderr.write(`bench: cleanup step failed: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
  }
}

export async function withCleanup<T>(use: (cleanup: Cleanup) => Promise<T>): Promise<T> {
  const cleanup = new Cleanup()
  try {
    return await use(cleanup)
  } finally {
    await cleanup.run()
  }
}
