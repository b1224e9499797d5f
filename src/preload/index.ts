import { contextBridge, ipcRenderer } from 'electron'
import { CALL_NAMES } from '../shared/call-names'
import type { PreloadApi } from '../shared/preload-api'
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../shared/ipc-channels'

// One method per contract call and one event subscription: the page gets no
// way to reach any other IPC channel.
const calls = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcCallChannel(name), input)])
) as PreloadApi['calls']

const api: PreloadApi = {
  calls,
  onEvent(listener) {
    const handler = (_event: unknown, message: { name: string; payload: unknown }): void =>
      listener(message.name, message.payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
  }
}

contextBridge.exposeInMainWorld('tessera', api)
