import type { TesseraClient } from '../../../shared/bridge'

/** A client whose connection the page can end itself (a try it gave up on). */
export type ClosableClient = TesseraClient & { close(): void }

/** How this page reaches its host. */
export type HostLink =
  /** The desktop window's IPC: it lasts as long as the window and is never lost. */
  | { kind: 'ipc'; client: TesseraClient }
  /** Browser mode's socket: opened again whenever it is lost (the host restarted, say). */
  | SocketLink

export interface SocketLink {
  kind: 'socket'
  /** One try; rejects when the host does not let this page in. `onClose` fires once, when an open connection is lost. */
  open(onClose: () => void): Promise<ClosableClient>
  /** Whether the host answers at all (a refused try from a host that answers was a refused token). */
  reachable(): Promise<boolean>
}
