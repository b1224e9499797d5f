import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { CloseIcon, CoinIcon, RestartIcon, SplitDownIcon, SplitRightIcon, UnzoomIcon, ZoomIcon } from '../components/Icons'
import { shortcutOf, type Command } from '../keymap'
import { useAppState, useWorkbench } from '../state/context'
import { IconButton } from './IconButton'

interface Action {
  label: string
  icon: React.ReactNode
  run: () => void
  command?: Command
  danger?: boolean
}

interface Props {
  paneId: string
  overflow: boolean
  exited: boolean
  /** Whether this agent pane restarts after a crash; undefined for shells (they never do). */
  autoRestart?: boolean
  /** The model picker, when the header has no room left for it: it heads the menu. */
  model?: React.ReactNode
  /** The pane's cost, when the header has no room left for it: under the model. */
  cost?: React.ReactNode
  /** A Claude pane's budget dialog, from the menu. */
  onBudget?: () => void
}

/** Split, zoom, close (and Restart in the menu once the process ended): as buttons, or behind "⋯" in a narrow pane. */
export function PaneActions({ paneId, overflow, exited, autoRestart, model, cost, onBudget }: Props): React.JSX.Element {
  const workbench = useWorkbench()
  const zoomed = useAppState((s) => s.layout.zoomed === paneId)
  const actions: Action[] = [
    { label: 'Split right', icon: <SplitRightIcon />, command: 'splitRight', run: () => workbench.split('right', paneId) },
    { label: 'Split down', icon: <SplitDownIcon />, command: 'splitDown', run: () => workbench.split('bottom', paneId) },
    { label: zoomed ? 'Unzoom pane' : 'Zoom pane', icon: zoomed ? <UnzoomIcon /> : <ZoomIcon />, command: 'toggleZoom', run: () => workbench.toggleZoom(paneId) },
    { label: 'Close pane', icon: <CloseIcon />, command: 'closePane', danger: true, run: () => workbench.close(paneId) }
  ]
  if (overflow) {
    const restart: Action[] = exited ? [{ label: 'Restart pane', icon: <RestartIcon />, run: () => workbench.restart(paneId) }] : []
    const crashSwitch: Action[] =
      autoRestart === undefined
        ? []
        : [{ label: `Turn ${autoRestart ? 'off' : 'on'} restart after a crash`, icon: <RestartIcon />, run: () => workbench.setAutoRestart(paneId, !autoRestart) }]
    const budget: Action[] = onBudget ? [{ label: 'Set budget…', icon: <CoinIcon />, run: onBudget }] : []
    // The switches go before Close, which stays last.
    const menuActions = [...restart, ...actions.slice(0, -1), ...budget, ...crashSwitch, ...actions.slice(-1)]
    return (
      <span className="pane-actions">
        <OverflowMenu actions={menuActions} model={model} cost={cost} />
      </span>
    )
  }
  return (
    <span className="pane-actions">
      {actions.map((action) => (
        <IconButton
          key={action.command}
          label={action.label}
          command={action.command}
          pressed={action.command === 'toggleZoom' ? zoomed : undefined}
          className={action.danger ? 'danger' : ''}
          onClick={action.run}
        >
          {action.icon}
        </IconButton>
      ))}
    </span>
  )
}

const MoreIcon = (): React.JSX.Element => (
  <svg width={16} height={16} viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" focusable="false">
    <circle cx="3.5" cy="8" r="1.3" />
    <circle cx="8" cy="8" r="1.3" />
    <circle cx="12.5" cy="8" r="1.3" />
  </svg>
)

/**
 * One "⋯" button whose menu holds the actions. The menu is drawn over the whole
 * page (a portal, fixed position), so a short pane does not clip it.
 */
function OverflowMenu({ actions, model, cost }: { actions: readonly Action[]; model?: React.ReactNode; cost?: React.ReactNode }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLSpanElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null)

  useLayoutEffect(() => {
    if (!open || !anchor.current || !menu.current) return setPosition(null)
    setPosition(menuPosition(anchor.current.getBoundingClientRect(), menu.current.getBoundingClientRect(), window.innerWidth, window.innerHeight))
  }, [open])

  useEffect(() => {
    if (!open) return
    const close = (): void => setOpen(false)
    const onDown = (event: MouseEvent): void => {
      const target = event.target as Node
      if (!menu.current?.contains(target) && !anchor.current?.contains(target)) close()
    }
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return
      event.stopPropagation()
      close()
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey, true)
    window.addEventListener('resize', close)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey, true)
      window.removeEventListener('resize', close)
    }
  }, [open])

  return (
    <span ref={anchor} className="pane-overflow">
      <IconButton label="More pane actions" pressed={open} onClick={() => setOpen(!open)}>
        <MoreIcon />
      </IconButton>
      {open &&
        createPortal(
          <div
            ref={menu}
            className="pane-menu"
            role="menu"
            aria-label="Pane actions"
            style={position ? { left: position.left, top: position.top } : { visibility: 'hidden' }}
          >
            {model && (
              <div className="pane-menu-model">
                <span>Model</span>
                {model}
              </div>
            )}
            {cost && (
              <div className="pane-menu-cost">
                <span>Cost</span>
                {cost}
              </div>
            )}
            {actions.map((action) => {
              const shortcut = action.command ? shortcutOf(action.command) : ''
              return (
                <button
                  key={action.label}
                  type="button"
                  role="menuitem"
                  className={action.danger ? 'pane-menu-item danger' : 'pane-menu-item'}
                  // Like the header's buttons: the keyboard stays in the terminal.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setOpen(false)
                    action.run()
                  }}
                >
                  {action.icon}
                  <span>{action.label}</span>
                  {shortcut && <kbd>{shortcut}</kbd>}
                </button>
              )
            })}
          </div>,
          document.body
        )}
    </span>
  )
}

const MARGIN = 4

/** Under the button, right edges aligned; above it when there is no room below; always on screen. */
function menuPosition(button: DOMRect, menu: DOMRect, viewWidth: number, viewHeight: number): { left: number; top: number } {
  const left = Math.max(MARGIN, Math.min(button.right - menu.width, viewWidth - menu.width - MARGIN))
  const below = button.bottom + MARGIN
  const top = below + menu.height <= viewHeight - MARGIN ? below : Math.max(MARGIN, button.top - MARGIN - menu.height)
  return { left, top }
}
