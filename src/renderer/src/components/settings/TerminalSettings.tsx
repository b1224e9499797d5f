import { useId, useState } from 'react'
import { useAppState, useWorkbench } from '../../state/context'
import { DEFAULT_VIEW, type ThemeName, type ViewSettings } from '../../state/settings'
import { AutoRestartSetting } from './AutoRestartSetting'
import { RestoreOnStartSetting } from './RestoreOnStartSetting'
import { parseFontFamily, parseFontSize, parseScrollback, type Parsed } from './terminal-form'

interface FieldProps {
  id: string
  label: string
  hint: string
  text: string
  parsed: Parsed<unknown>
  onText: (text: string) => void
  /** Applies the field when it is left or Enter is pressed. */
  onCommit: () => void
  numeric?: boolean
}

function TextField({ id, label, hint, text, parsed, onText, onCommit, numeric }: FieldProps): React.JSX.Element {
  const problem = parsed.ok ? undefined : parsed.problem
  return (
    <div className={`settings-field${numeric ? '' : ' wide'}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        autoComplete="off"
        spellCheck={false}
        inputMode={numeric ? 'numeric' : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        onChange={(event) => onText(event.target.value)}
        onBlur={onCommit}
        onKeyDown={(event) => event.key === 'Enter' && onCommit()}
      />
      <span className="settings-hint" id={`${id}-hint`}>
        {hint}
      </span>
      {problem && (
        <span className="settings-field-error" id={`${id}-error`}>
          {problem}
        </span>
      )}
    </div>
  )
}

/**
 * How every terminal on this screen looks: theme, font, size and scrollback, remembered
 * per device. A typed value applies when its field is left or Enter is pressed, never
 * per keystroke: "5" on the way to "5000" would cut every scrollback to 5 lines.
 */
export function TerminalSettings(): React.JSX.Element {
  const workbench = useWorkbench()
  const view = useAppState((s) => s.view)
  const id = useId()
  const [fontFamily, setFontFamily] = useState(view.fontFamily)
  const [fontSize, setFontSize] = useState(String(view.fontSize))
  const [scrollback, setScrollback] = useState(String(view.scrollback))
  const family = parseFontFamily(fontFamily)
  const size = parseFontSize(fontSize)
  const lines = parseScrollback(scrollback)

  const apply = <K extends 'fontFamily' | 'fontSize' | 'scrollback'>(key: K, parsed: Parsed<ViewSettings[K]>): void => {
    if (parsed.ok && parsed.value !== view[key]) workbench.setView({ [key]: parsed.value })
  }
  const reset = (): void => {
    const { theme, fontFamily: defaultFamily, fontSize: defaultSize, scrollback: defaultLines } = DEFAULT_VIEW
    workbench.setView({ theme, fontFamily: defaultFamily, fontSize: defaultSize, scrollback: defaultLines })
    setFontFamily(defaultFamily)
    setFontSize(String(defaultSize))
    setScrollback(String(defaultLines))
  }

  return (
    <form aria-label="Terminal appearance" onSubmit={(event) => event.preventDefault()}>
      <div className="settings-fields">
        <div className="settings-field">
          <label htmlFor={`${id}-theme`}>Theme</label>
          <select id={`${id}-theme`} value={view.theme} onChange={(event) => workbench.setView({ theme: event.target.value as ThemeName })}>
            <option value="dark">dark</option>
            <option value="light">light</option>
          </select>
        </div>
        <TextField
          id={`${id}-size`}
          label="Font size"
          hint="Also Ctrl+= / Ctrl+- / Ctrl+0"
          text={fontSize}
          parsed={size}
          numeric
          onText={setFontSize}
          onCommit={() => apply('fontSize', size)}
        />
        <TextField
          id={`${id}-family`}
          label="Font family"
          hint="A CSS font list; the first installed one is used"
          text={fontFamily}
          parsed={family}
          onText={setFontFamily}
          onCommit={() => apply('fontFamily', family)}
        />
        <TextField
          id={`${id}-scrollback`}
          label="Scrollback lines"
          hint="Lines each terminal keeps above the screen"
          text={scrollback}
          parsed={lines}
          numeric
          onText={setScrollback}
          onCommit={() => apply('scrollback', lines)}
        />
        <div className="settings-field">
          <label className="check">
            <input type="checkbox" checked={view.confirmClose} onChange={(event) => workbench.setView({ confirmClose: event.target.checked })} />
            Ask before closing a pane that is working, waiting for you or running a command
          </label>
        </div>
        <AutoRestartSetting />
        <RestoreOnStartSetting />
      </div>
      <div className="settings-actions">
        <button type="button" className="text-button" onClick={reset}>
          Reset to defaults
        </button>
      </div>
    </form>
  )
}
