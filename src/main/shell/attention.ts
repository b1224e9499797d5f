import { app, BrowserWindow, globalShortcut } from 'electron'
import { registerHotkeys, trayModel } from '../attention'
import type { Host } from '../host'
import type { Logger } from '../log'
import { AppTray } from './tray'

/**
 * The desktop's ways to reach the user outside the window: a tray icon that follows
 * the most urgent pane, and global hotkeys (show/hide, next pane that needs you).
 * Their logic is host-neutral (../attention); this file only calls Electron.
 */
export function startDesktopAttention(host: Host, openWindow: () => BrowserWindow, log: Logger): () => void {
  const window = (): BrowserWindow => BrowserWindow.getAllWindows()[0] ?? openWindow()
  const show = (): BrowserWindow => {
    const target = window()
    if (target.isMinimized()) target.restore()
    target.show()
    target.focus()
    return target
  }
  const tray = new AppTray({
    showWindow: () => void show(),
    focusPane: (paneId) => {
      show()
      host.events.emit('app.focusPane', { paneId })
    },
    quit: () => app.quit()
  })
  const refresh = (): void => tray.update(trayModel(host.panes.list()))
  const stopTray = host.events.subscribe((name) => {
    if (name === 'pane.status' || name === 'panes.changed') refresh()
  })
  refresh()

  const bindHotkeys = (): void => {
    const problems = registerHotkeys(globalShortcut, host.config.hotkeys(), {
      toggleWindow: () => {
        const target = window()
        if (target.isVisible() && target.isFocused()) target.hide()
        else show()
      },
      nextAttention: () => {
        show()
        host.events.emit('app.nextAttention', {})
      }
    })
    for (const problem of problems) {
      const message = `Global shortcut ${problem.accelerator} (${problem.action}) is not active: ${problem.reason}`
      log.warn('global shortcut not registered', { ...problem })
      host.events.emit('app.notice', { message })
    }
  }
  bindHotkeys()
  const stopSettings = host.config.onChange(bindHotkeys)

  return () => {
    stopTray()
    stopSettings()
    globalShortcut.unregisterAll()
    tray.destroy()
  }
}
