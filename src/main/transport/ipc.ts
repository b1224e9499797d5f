import { callNames, type CallResult } from '../../shared/bridge'
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../../shared/ipc-channels'
import type { Host } from '../host'
import type { Logger } from '../log'

// The Electron IPC transport, written against the small part of ipcMain it uses
// so it runs (and is tested) without Electron; src/main/shell passes the real one.

export interface IpcInvokeEvent {
  senderFrame: { url: string } | null
  sender: { id: number }
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, input: unknown) => Promise<CallResult>): void
  removeHandler(channel: string): void
}

export interface IpcTransportOptions {
  host: Host
  ipcMain: IpcMainLike
  /** True only for our own windows showing our own renderer. */
  isTrustedSender(event: IpcInvokeEvent): boolean
  /** Delivers an event to every window. */
  broadcast(channel: string, message: { name: string; payload: unknown }): void
  log: Logger
}

/** A window's page is one client; the desktop shell reports its departure with the same id. */
export function ipcClientId(webContentsId: number): string {
  return `ipc:${webContentsId}`
}

export function registerIpcTransport(options: IpcTransportOptions): () => void {
  const { host, ipcMain, log } = options
  for (const name of callNames) {
    ipcMain.handle(ipcCallChannel(name), async (event, input) => {
      if (!options.isTrustedSender(event)) {
        log.warn('refused call from a foreign sender', { name, url: event.senderFrame?.url ?? null })
        return { ok: false, error: { code: 'invalid_message', message: 'Refused: not a Tessera window' } }
      }
      return host.dispatcher.dispatch(name, input, 'ipc', ipcClientId(event.sender.id))
    })
  }
  const unsubscribe = host.events.subscribe((name, payload) => options.broadcast(IPC_EVENT_CHANNEL, { name, payload }))
  return () => {
    unsubscribe()
    for (const name of callNames) ipcMain.removeHandler(ipcCallChannel(name))
  }
}
