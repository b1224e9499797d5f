// Per-device view settings, remembered in localStorage (not the host): font size
// and theme are about this screen, not about the panes.

import { DEFAULT_NOTIFY, type NotifySettings } from './notify-policy'

export type ThemeName = 'dark' | 'light'

export interface ViewSettings {
  theme: ThemeName
  fontSize: number
  fontFamily: string
  scrollback: number
  notify: NotifySettings
  /** Ask before closing a pane that is working, waiting for the user or running a job. */
  confirmClose: boolean
}

export const DEFAULT_FONT_SIZE = 13
export const MIN_FONT_SIZE = 8
export const MAX_FONT_SIZE = 32
export const MAX_SCROLLBACK = 100_000
const KEY = 'tessera.view'

export const DEFAULT_VIEW: ViewSettings = {
  theme: 'dark',
  fontSize: DEFAULT_FONT_SIZE,
  fontFamily: '"JetBrains Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, ui-monospace, monospace',
  scrollback: 10_000,
  notify: DEFAULT_NOTIFY,
  confirmClose: true
}

export function clampFontSize(size: number): number {
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)))
}

/** Reads the saved settings, ignoring anything malformed rather than failing the app. */
export function loadSettings(): ViewSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<keyof ViewSettings, unknown>>
    return {
      theme: saved.theme === 'light' || saved.theme === 'dark' ? saved.theme : DEFAULT_VIEW.theme,
      fontSize: typeof saved.fontSize === 'number' ? clampFontSize(saved.fontSize) : DEFAULT_VIEW.fontSize,
      fontFamily: typeof saved.fontFamily === 'string' && saved.fontFamily ? saved.fontFamily : DEFAULT_VIEW.fontFamily,
      scrollback:
        typeof saved.scrollback === 'number' && saved.scrollback >= 0 ? Math.min(Math.round(saved.scrollback), MAX_SCROLLBACK) : DEFAULT_VIEW.scrollback,
      notify: loadNotify(saved.notify),
      confirmClose: typeof saved.confirmClose === 'boolean' ? saved.confirmClose : DEFAULT_VIEW.confirmClose
    }
  } catch {
    return { ...DEFAULT_VIEW }
  }
}

function loadNotify(saved: unknown): NotifySettings {
  const value = (saved && typeof saved === 'object' ? saved : {}) as Partial<Record<keyof NotifySettings, unknown>>
  const flag = (key: keyof NotifySettings): boolean => (typeof value[key] === 'boolean' ? (value[key] as boolean) : DEFAULT_NOTIFY[key])
  return { waiting: flag('waiting'), finished: flag('finished'), doNotDisturb: flag('doNotDisturb') }
}

export function saveSettings(settings: ViewSettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings))
  } catch {
    // Storage may be full or disabled; the settings still apply for this session.
  }
}
