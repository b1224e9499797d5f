import type { PaneManager } from '../pty'
import { readCliSessionStatus } from '../status'

/** Screen text that means a turn is under way: the working footer or a permission dialog. */
const BUSY_SCREEN = /esc to interrupt|Do you want to proceed\?/

/**
 * Whether a Claude pane is between turns, so restarting it loses nothing. The
 * CLI's own status file is the main signal (it has none until the first turn);
 * the screen covers the ~100 ms before the file catches up with a new turn.
 */
export async function isAgentIdle(panes: PaneManager, paneId: string, configDir: string | undefined, pid: number | undefined): Promise<boolean> {
  if (configDir && pid !== undefined) {
    const status = await readCliSessionStatus(configDir, pid)
    if (status === 'busy' || status === 'waiting') return false
  }
  const screen = await panes.screenText(paneId)
  return !BUSY_SCREEN.test(screen.join('\n'))
}
