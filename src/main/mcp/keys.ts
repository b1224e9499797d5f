// Named keys as a terminal sends them (xterm's normal cursor mode, which TUIs such as
// Claude Code's accept too), for send_keys.

const NAMED: Readonly<Record<string, string>> = {
  enter: '\r',
  return: '\r',
  esc: '\x1b',
  escape: '\x1b',
  tab: '\t',
  'shift+tab': '\x1b[Z',
  backspace: '\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  space: ' '
}

/** The key names send_keys accepts, for its description and errors. */
export const KEY_NAMES = ['Enter', 'Esc', 'Tab', 'Shift+Tab', 'Backspace', 'Delete', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Space', 'Ctrl+A … Ctrl+Z']

/** The bytes a named key sends ("Enter", "esc", "Ctrl+C"; case and spaces ignored), or undefined for a name we do not know. */
export function keyBytes(name: string): string | undefined {
  const key = name.toLowerCase().replace(/\s+/g, '')
  const named = NAMED[key]
  if (named !== undefined) return named
  const ctrl = /^(?:ctrl|control|c)[+-]([a-z])$/.exec(key)?.[1]
  return ctrl === undefined ? undefined : String.fromCharCode(ctrl.charCodeAt(0) - 96)
}
