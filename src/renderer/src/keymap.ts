// The one table of keyboard shortcuts: the global handler, xterm's key filter and
// the help overlay all read it, so what the overlay lists is what the keys do.
// Tessera's own combos use Ctrl+Shift (Cmd on macOS only where macOS users expect
// it) so that Ctrl+C, Ctrl+D, Esc, arrows and Alt/Meta keys still reach the agent.

export type Command =
  | 'splitRight'
  | 'splitDown'
  | 'focusLeft'
  | 'focusRight'
  | 'focusUp'
  | 'focusDown'
  | 'swapLeft'
  | 'swapRight'
  | 'swapUp'
  | 'swapDown'
  | 'focusNext'
  | 'focusPrevious'
  | 'toggleZoom'
  | 'closePane'
  | 'newPane'
  | 'find'
  | 'copy'
  | 'paste'
  | 'fontBigger'
  | 'fontSmaller'
  | 'fontReset'
  | 'help'
  | 'nextAttention'
  | 'toggleTasks'

/** One key press: KeyboardEvent.code plus the exact modifiers held. */
export interface Chord {
  code: string
  ctrl?: boolean
  shift?: boolean
  alt?: boolean
  meta?: boolean
}

export interface Binding {
  command: Command
  label: string
  chords: readonly Chord[]
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

const cs = (code: string): Chord => ({ code, ctrl: true, shift: true })
const csa = (code: string): Chord => ({ code, ctrl: true, shift: true, alt: true })
// "Primary" is Cmd on macOS and Ctrl elsewhere, for the keys every app binds that way.
const primary = (code: string, shift = false): Chord => (IS_MAC ? { code, meta: true, shift } : { code, ctrl: true, shift })

export const KEYMAP: readonly Binding[] = [
  { command: 'newPane', label: 'New pane (choose agent)', chords: [cs('KeyA')] },
  { command: 'splitRight', label: 'Split right', chords: [cs('KeyE')] },
  { command: 'splitDown', label: 'Split down', chords: [cs('KeyO')] },
  { command: 'closePane', label: 'Close pane', chords: [cs('KeyX')] },
  { command: 'toggleZoom', label: 'Zoom / unzoom pane', chords: [cs('KeyZ')] },
  { command: 'focusLeft', label: 'Focus pane to the left', chords: [cs('ArrowLeft')] },
  { command: 'focusRight', label: 'Focus pane to the right', chords: [cs('ArrowRight')] },
  { command: 'focusUp', label: 'Focus pane above', chords: [cs('ArrowUp')] },
  { command: 'focusDown', label: 'Focus pane below', chords: [cs('ArrowDown')] },
  { command: 'swapLeft', label: 'Swap pane with the one to the left', chords: [csa('ArrowLeft')] },
  { command: 'swapRight', label: 'Swap pane with the one to the right', chords: [csa('ArrowRight')] },
  { command: 'swapUp', label: 'Swap pane with the one above', chords: [csa('ArrowUp')] },
  { command: 'swapDown', label: 'Swap pane with the one below', chords: [csa('ArrowDown')] },
  { command: 'focusNext', label: 'Next pane', chords: [cs('BracketRight')] },
  { command: 'focusPrevious', label: 'Previous pane', chords: [cs('BracketLeft')] },
  { command: 'nextAttention', label: 'Go to the next pane that needs you', chords: [cs('KeyG')] },
  { command: 'find', label: 'Find in pane', chords: [cs('KeyF')] },
  { command: 'toggleTasks', label: 'Show / hide the task board', chords: [cs('KeyB')] },
  { command: 'copy', label: 'Copy selection', chords: [IS_MAC ? primary('KeyC') : cs('KeyC')] },
  { command: 'paste', label: 'Paste', chords: [IS_MAC ? primary('KeyV') : cs('KeyV')] },
  {
    command: 'fontBigger',
    label: 'Bigger font (all panes)',
    chords: [primary('Equal'), primary('Equal', true), primary('NumpadAdd')]
  },
  { command: 'fontSmaller', label: 'Smaller font (all panes)', chords: [primary('Minus'), primary('NumpadSubtract')] },
  { command: 'fontReset', label: 'Reset font size', chords: [primary('Digit0'), primary('Numpad0')] },
  { command: 'help', label: 'Keyboard shortcuts', chords: [{ code: 'F1' }, cs('Slash')] }
]

type KeyLike = Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>

function matches(chord: Chord, event: KeyLike): boolean {
  return (
    chord.code === event.code &&
    !!chord.ctrl === event.ctrlKey &&
    !!chord.shift === event.shiftKey &&
    !!chord.alt === event.altKey &&
    !!chord.meta === event.metaKey
  )
}

/** The command a key event triggers, if any. */
export function commandFor(event: KeyLike): Command | undefined {
  return KEYMAP.find((binding) => binding.chords.some((chord) => matches(chord, event)))?.command
}

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  BracketLeft: '[',
  BracketRight: ']',
  Slash: '/',
  Equal: '=',
  Minus: '-',
  NumpadAdd: 'Num +',
  NumpadSubtract: 'Num -',
  Numpad0: 'Num 0'
}

function keyName(code: string): string {
  return KEY_NAMES[code] ?? code.replace(/^Key|^Digit/, '')
}

/** "Ctrl+Shift+E" (or "⌘+C" on macOS) for the help overlay and tooltips. */
export function formatChord(chord: Chord): string {
  const parts = [
    chord.ctrl && 'Ctrl',
    chord.meta && (IS_MAC ? '⌘' : 'Meta'),
    chord.alt && (IS_MAC ? '⌥' : 'Alt'),
    chord.shift && 'Shift',
    keyName(chord.code)
  ]
  return parts.filter(Boolean).join('+')
}

/** The first chord of a command, for button tooltips. */
export function shortcutOf(command: Command): string {
  const chord = KEYMAP.find((binding) => binding.command === command)?.chords[0]
  return chord ? formatChord(chord) : ''
}
