import type { ITheme } from '@xterm/xterm'
import type { ThemeName } from '../state/settings'

// Terminal palettes matched to the app's CSS variables (styles.css) so a pane's
// background runs seamlessly into its frame.

const DARK: ITheme = {
  background: '#16181d',
  foreground: '#d6dae2',
  cursor: '#7aa2f7',
  cursorAccent: '#16181d',
  selectionBackground: '#3b4a6b',
  black: '#1f2229',
  red: '#f7768e',
  green: '#9ece6a',
  yellow: '#e0af68',
  blue: '#7aa2f7',
  magenta: '#bb9af7',
  cyan: '#7dcfff',
  white: '#c0caf5',
  brightBlack: '#565f89',
  brightRed: '#ff8fa3',
  brightGreen: '#b5e48c',
  brightYellow: '#f5c97a',
  brightBlue: '#9bb8ff',
  brightMagenta: '#cdb2ff',
  brightCyan: '#a4e1ff',
  brightWhite: '#ffffff'
}

const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#2b2f38',
  cursor: '#2e62d9',
  cursorAccent: '#fbfbfc',
  selectionBackground: '#c8d7f5',
  black: '#2b2f38',
  red: '#c4314b',
  green: '#3d7f2a',
  yellow: '#976a00',
  blue: '#2e62d9',
  magenta: '#8a3fb8',
  cyan: '#137c8f',
  white: '#d5d8de',
  brightBlack: '#6b7080',
  brightRed: '#d9455f',
  brightGreen: '#4b9634',
  brightYellow: '#b07d05',
  brightBlue: '#4677e6',
  brightMagenta: '#9d52cc',
  brightCyan: '#1b91a6',
  brightWhite: '#ffffff'
}

export function terminalTheme(name: ThemeName): ITheme {
  return name === 'light' ? LIGHT : DARK
}

/** Colours the search addon paints matches with (it needs explicit values). */
export function searchDecorations(name: ThemeName): {
  matchBackground: string
  matchOverviewRuler: string
  activeMatchBackground: string
  activeMatchColorOverviewRuler: string
} {
  return name === 'light'
    ? {
        matchBackground: '#f6e3a1',
        matchOverviewRuler: '#d9b44a',
        activeMatchBackground: '#f0a44b',
        activeMatchColorOverviewRuler: '#e07b00'
      }
    : {
        matchBackground: '#5c4d1c',
        matchOverviewRuler: '#e0af68',
        activeMatchBackground: '#a5651b',
        activeMatchColorOverviewRuler: '#ff9e3b'
      }
}
