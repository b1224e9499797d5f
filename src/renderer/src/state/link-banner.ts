import type { LinkState } from './host-session'

const RECONNECTING = 'Disconnected from the Tessera host. Reconnecting…'
const UNREACHABLE = 'Cannot reach the Tessera host. Retrying…'

/**
 * The banner over the page while it has no connection, or null. `shown`: panes from an
 * earlier connection are on screen (greyed), so the page says it lost the host.
 */
export function linkBanner(link: LinkState, shown: boolean): string | null {
  if (link.phase === 'failed') return link.message
  if (link.phase !== 'retrying') return null
  if (shown) return link.problem ? `${RECONNECTING} ${link.problem}` : RECONNECTING
  return link.problem ? `${link.problem} Retrying…` : UNREACHABLE
}
