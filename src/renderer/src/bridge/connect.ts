import type { PreloadApi } from '../../../shared/preload-api'
import type { HostLink } from './host-link'
import { IpcClient } from './ipc-client'
import { WsClient } from './ws-client'

declare global {
  interface Window {
    tessera?: PreloadApi
  }
}

const TOKEN_KEY = 'tessera.token'

/**
 * Takes the token from the address bar once and keeps it for this tab only, so
 * it does not linger in history or screenshots.
 */
function takeToken(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY)
}

/** The one place that knows which transport the renderer has; throws when this address can never connect. */
export function hostLink(): HostLink {
  if (window.tessera) return { kind: 'ipc', client: new IpcClient(window.tessera) }
  const token = takeToken()
  if (!token) throw new Error('This address has no access token. Open the full URL that `npm run serve` printed.')
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const url = `${scheme}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`
  return { kind: 'socket', open: (onClose) => WsClient.connect(url, onClose), reachable: hostAnswers }
}

/**
 * Whether the host that served this page answers at all. A browser does not say why a
 * WebSocket handshake failed: a host that answers here and still fails it refused the token.
 */
async function hostAnswers(): Promise<boolean> {
  try {
    return (await fetch('/', { method: 'HEAD', cache: 'no-store' })).ok
  } catch {
    return false
  }
}
