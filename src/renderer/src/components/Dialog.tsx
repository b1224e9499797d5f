import { useEffect, useId, useRef } from 'react'
import { CloseIcon } from './Icons'

interface Props {
  title: string
  onClose: () => void
  children: React.ReactNode
  className?: string
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** Moves focus between the dialog's buttons with the arrow keys (lists read top to bottom). */
function moveFocus(dialog: HTMLElement, delta: number): void {
  const items = [...dialog.querySelectorAll<HTMLElement>('[data-list-item]:not([disabled])')]
  if (items.length === 0) return
  const index = items.indexOf(document.activeElement as HTMLElement)
  items[(index + delta + items.length) % items.length]?.focus()
}

/** A modal: takes the keyboard while open, Esc or a click outside closes it. */
export function Dialog({ title, onClose, children, className = '' }: Props): React.JSX.Element {
  const titleId = useId()
  const dialogRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const dialog = dialogRef.current
    const first = dialog?.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? dialog
    first?.focus()
  }, [])

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && dialogRef.current) {
      event.preventDefault()
      moveFocus(dialogRef.current, event.key === 'ArrowDown' ? 1 : -1)
    } else if (event.key === 'Tab' && dialogRef.current) {
      // Keep Tab inside the dialog: the grid behind it is inert while it is open.
      const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
      const edge = event.shiftKey ? focusable[0] : focusable[focusable.length - 1]
      if (document.activeElement === edge || !dialogRef.current.contains(document.activeElement)) {
        event.preventDefault()
        ;(event.shiftKey ? focusable[focusable.length - 1] : focusable[0])?.focus()
      }
    }
  }

  return (
    <div className="backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        className={`dialog ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            <CloseIcon />
          </button>
        </header>
        {children}
      </div>
    </div>
  )
}
