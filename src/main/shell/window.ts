import { BrowserWindow, shell, type WebContents } from 'electron'
import { join } from 'node:path'
import type { Logger } from '../log'
import { MIN_WINDOW_SIZE } from './window-placement'
import { keepWindowState, restoredPlacement } from './window-state'

/** The renderer's address: the dev server while developing, else the built file. */
export function rendererUrl(): string {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) return devUrl
  return new URL(`file://${join(__dirname, '../renderer/index.html')}`).href
}

export function isAppUrl(url: string): boolean {
  const app = new URL(rendererUrl())
  const candidate = new URL(url)
  return app.protocol === 'file:' ? candidate.href === app.href : candidate.origin === app.origin
}

export function createMainWindow(log: Logger): BrowserWindow {
  const { bounds, maximized } = restoredPlacement(log)
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Tessera',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true
    }
  })
  guardNavigation(window.webContents)
  keepWindowState(window, log)
  // Not before: maximize() shows a hidden window, before its page has painted.
  window.once('ready-to-show', () => {
    if (maximized) window.maximize()
    window.show()
  })
  void window.loadURL(rendererUrl())
  return window
}

/** Links open in the system browser; the window itself never leaves the app. */
function guardNavigation(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
}
