import { screen, type BrowserWindow } from 'electron'
import Store from 'electron-store'
import type { Logger } from '../log'
import { placeWindow, type Placement, type SavedWindowState } from './window-placement'

// The window's place across runs, in <data dir>/window-state.json (electron-store's folder
// is userData, which the desktop entry points at the data dir). Only the Electron calls
// live here; which place to open at is window-placement's pure decision.

/** A drag or a resize fires many events: the place is written once they stop for this long. */
const SAVE_DELAY_MS = 250

let store: Store | undefined

/** Where to open the window; a missing, unreadable or malformed file means the defaults. */
export function restoredPlacement(log: Logger): Placement {
  const screens = { primary: screen.getPrimaryDisplay(), displays: screen.getAllDisplays() }
  return placeWindow(readSaved(log), screens)
}

/** Saves the window's place after it moves or resizes, and when it closes. */
export function keepWindowState(window: BrowserWindow, log: Logger): void {
  let pending: NodeJS.Timeout | undefined
  const save = (): void => {
    clearTimeout(pending)
    pending = undefined
    if (!window.isDestroyed()) write(capture(window), log)
  }
  const saveSoon = (): void => {
    clearTimeout(pending)
    pending = setTimeout(save, SAVE_DELAY_MS)
  }
  window.on('move', saveSoon)
  window.on('resize', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', save)
  window.on('closed', () => clearTimeout(pending))
}

/** The normal bounds, so a maximized window comes back maximized over the size it had before. */
function capture(window: BrowserWindow): SavedWindowState {
  const { x, y, width, height } = window.getNormalBounds()
  const displayId = screen.getDisplayMatching({ x, y, width, height }).id
  return { x, y, width, height, maximized: window.isMaximized(), displayId }
}

function readSaved(log: Logger): unknown {
  try {
    return windowStore().store
  } catch (error) {
    log.warn('window state could not be read; opening at the default place', { reason: reasonOf(error) })
    return undefined
  }
}

function write(state: SavedWindowState, log: Logger): void {
  try {
    windowStore().store = state
  } catch (error) {
    log.warn('window state could not be saved', { reason: reasonOf(error) })
  }
}

/** Opened on first use: after the entry has set userData, and after the app is ready. */
function windowStore(): Store {
  // clearInvalidConfig: a file that does not parse reads as empty instead of throwing.
  store ??= new Store({ name: 'window-state', clearInvalidConfig: true })
  return store
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
