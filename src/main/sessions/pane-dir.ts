import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log'

// A pane's own files (hook settings, launch record, isolated Claude config) live in
// `<dataDir>/panes/<pane id>/`. They go with the pane when it is closed for good; a host
// shutdown keeps them, since a pane that comes back after a restart needs them.

export function paneDir(dataDir: string, paneId: string): string {
  return join(dataDir, 'panes', paneId)
}

/** Removes a closed pane's folder; a failure is logged, never the close's failure. */
export async function removePaneDir(dataDir: string, paneId: string, log: Logger): Promise<void> {
  try {
    await rm(paneDir(dataDir, paneId), { recursive: true, force: true })
  } catch (error) {
    log.warn('pane folder not removed', { paneId, message: error instanceof Error ? error.message : String(error) })
  }
}
