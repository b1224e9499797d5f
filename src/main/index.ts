import { app, BrowserWindow, ipcMain } from 'electron'
import { chooseFolder } from './shell/choose-folder'
import { createHost, defaultDataDir, loadOrCreateSecret } from './host'
import { createLogger } from './log'
import { MCP_TOKEN_FILE, startMcpServer } from './mcp'
import { startDesktopAttention } from './shell/attention'
import { DISABLED_CHROMIUM_FEATURES } from './shell/chromium-features'
import { createMainWindow, isAppUrl } from './shell/window'
import { ipcClientId, registerIpcTransport } from './transport'

// The desktop entry: Electron owns the window and IPC; everything else is the
// same host-neutral service layer browser mode runs.

const log = createLogger('tessera')
app.setName('Tessera')
// Before ready: Chromium reads its switches once, at start.
app.commandLine.appendSwitch('disable-features', DISABLED_CHROMIUM_FEATURES.join(','))
if (process.env.TESSERA_DATA_DIR) app.setPath('userData', process.env.TESSERA_DATA_DIR)
log.info('starting desktop host', { dataDir: process.env.TESSERA_DATA_DIR ?? defaultDataDir() })

let mcpSettled = (): void => undefined
const mcpStarting = new Promise<void>((resolve) => (mcpSettled = resolve))
const host = createHost({
  kind: 'desktop',
  version: app.getVersion(),
  defaultCwd: app.getPath('home'),
  dataDir: app.getPath('userData'),
  log,
  chooseFolder,
  fresh: process.argv.includes('--fresh'),
  startRestoredAfter: mcpStarting
})
// The MCP server (on unless the setting or --no-mcp turns it off); <data dir>/mcp.json says where.
const mcp = process.argv.includes('--no-mcp')
  ? Promise.resolve(undefined)
  : startMcpServer({ host, dataDir: host.dataDir, token: loadOrCreateSecret(host.dataDir, MCP_TOKEN_FILE), version: app.getVersion(), log: log.child('mcp') })
void mcp.finally(mcpSettled)

void app.whenReady().then(() => {
  const ownWindowIds = new Set<number>()
  registerIpcTransport({
    host,
    ipcMain,
    isTrustedSender: (event) => ownWindowIds.has(event.sender.id) && !!event.senderFrame && isAppUrl(event.senderFrame.url),
    broadcast: (channel, message) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(channel, message)
    },
    log: log.child('ipc')
  })
  const open = (): BrowserWindow => {
    const window = createMainWindow(log.child('window'))
    const id = window.webContents.id
    ownWindowIds.add(id)
    // A reloaded, crashed or closed page never acks what it had in flight, nor shows a pane any more.
    const clientId = ipcClientId(id)
    window.webContents.on('did-navigate', () => host.panes.clientLeft(clientId))
    window.webContents.on('render-process-gone', () => host.panes.clientLeft(clientId))
    window.on('closed', () => {
      ownWindowIds.delete(id)
      host.panes.clientLeft(clientId)
    })
    return window
  }
  open()
  const stopAttention = startDesktopAttention(host, open, log.child('attention'))
  app.once('will-quit', stopAttention)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let disposed = false
app.on('before-quit', (event) => {
  if (disposed) return
  event.preventDefault()
  disposed = true
  void Promise.all([mcp.then((server) => server?.close()), host.dispose()]).finally(() => app.quit())
})
