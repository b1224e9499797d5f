export { startBrowserServer, BRIDGE_PATH, type BrowserServer, type BrowserServerOptions } from './ws-server'
export { ipcClientId, registerIpcTransport, type IpcMainLike, type IpcInvokeEvent, type IpcTransportOptions } from './ipc'
export { CONTENT_SECURITY_POLICY } from './static-files'
