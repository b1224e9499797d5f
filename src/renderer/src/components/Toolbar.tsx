import { CostButton } from '../costs/CostButton'
import { shortcutOf } from '../keymap'
import { useAppState, useWorkbench } from '../state/context'
import { TasksButton } from '../tasks/TasksButton'
import { GearIcon, KeyboardIcon, MoonIcon, PlusIcon, SunIcon } from './Icons'
import { StatusOverview } from './StatusOverview'
import { WorkspaceFolder } from './WorkspaceFolder'

const keepTerminalFocus = (event: React.MouseEvent): void => event.preventDefault()

export function Toolbar(): React.JSX.Element {
  const workbench = useWorkbench()
  const theme = useAppState((s) => s.view.theme)
  const fontSize = useAppState((s) => s.view.fontSize)
  const paneCount = useAppState((s) => Object.keys(s.panes).length)
  const zoomed = useAppState((s) => s.layout.zoomed !== null)
  const nextTheme = theme === 'dark' ? 'light' : 'dark'

  return (
    <header className="toolbar">
      <span className="brand">
        <img src="./icon.svg" alt="" width={18} height={18} />
        <span className="brand-name">Tessera</span>
      </span>
      <button
        type="button"
        className="button primary"
        aria-label="New pane"
        title={`New pane (${shortcutOf('newPane')})`}
        onClick={() => workbench.openPicker()}
      >
        <PlusIcon /> <span className="toolbar-label">New pane</span>
      </button>
      <WorkspaceFolder />
      <TasksButton />
      <span className="toolbar-spacer" />
      <CostButton />
      <StatusOverview />
      <span className="toolbar-info">
        <span className="pane-count">{paneCount === 1 ? '1 pane' : `${paneCount} panes`}</span>
        {zoomed && <span className="zoom-chip">zoomed</span>}
      </span>
      <span className="font-size" role="group" aria-label="Font size">
        <button
          type="button"
          className="icon-button"
          aria-label="Smaller font"
          title={`Smaller font (${shortcutOf('fontSmaller')})`}
          onMouseDown={keepTerminalFocus}
          onClick={() => workbench.setFontSize(fontSize - 1)}
        >
          A−
        </button>
        <span className="font-size-value" title="Font size">
          {fontSize}px
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Bigger font"
          title={`Bigger font (${shortcutOf('fontBigger')})`}
          onMouseDown={keepTerminalFocus}
          onClick={() => workbench.setFontSize(fontSize + 1)}
        >
          A+
        </button>
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={`Switch to ${nextTheme} theme`}
        title={`Switch to ${nextTheme} theme`}
        onMouseDown={keepTerminalFocus}
        onClick={() => workbench.toggleTheme()}
      >
        {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Presets and settings"
        title="Presets and settings"
        onClick={() => workbench.setOverlay('settings')}
      >
        <GearIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (${shortcutOf('help')})`}
        onClick={() => workbench.setOverlay('help')}
      >
        <KeyboardIcon />
      </button>
    </header>
  )
}
