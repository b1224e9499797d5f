export { startBrowserServer, BRIDGE_PATH, type BrowserServer, type BrowserServerOptions } from './ws-server'
export { registerIpcTransport, type IpcMainLike, type IpcInvokeEvent, type IpcTransportOptions } from './ipc'
export { CONTENT_SECURITY_POLICY } from './static-files'
