import { useEffect, useRef, useState } from 'react'

interface Props {
  /** The toggle button's content and accessible name. */
  label: string
  button: React.ReactNode
  className?: string
  disabled?: boolean
  children: (close: () => void) => React.ReactNode
}

/** A toolbar button with a small panel under it; Esc or a click elsewhere closes it. */
export function Popover({ label, button, className = '', disabled, children }: Props): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLSpanElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (event: MouseEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  return (
    <span
      className={`popover-root ${className}`}
      ref={root}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return
        event.stopPropagation()
        setOpen(false)
      }}
    >
      <button type="button" className="button" aria-label={label} title={label} aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)}>
        {button}
      </button>
      {open && (
        <div className="popover" role="group" aria-label={label}>
          {children(() => setOpen(false))}
        </div>
      )}
    </span>
  )
}
