/** Channel names for Electron IPC: one per call, plus one for events. */
export const ipcCallChannel = (name: string): string => `tessera:call:${name}`
export const IPC_EVENT_CHANNEL = 'tessera:event'
