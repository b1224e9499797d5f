import type { Command } from '../keymap'
import { shortcutOf } from '../keymap'

interface Props {
  label: string
  onClick: () => void
  children: React.ReactNode
  /** Shown in the tooltip, so the button teaches its key. */
  command?: Command
  pressed?: boolean
  className?: string
}

/** A square icon button whose accessible name is `label`; it never takes focus from the terminal. */
export function IconButton({ label, onClick, children, command, pressed, className = '' }: Props): React.JSX.Element {
  const shortcut = command ? shortcutOf(command) : ''
  return (
    <button
      type="button"
      className={`icon-button ${className}`}
      aria-label={label}
      aria-pressed={pressed}
      title={shortcut ? `${label} (${shortcut})` : label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  )
}
