import { useEffect, useId, useState } from 'react'
import { useAppState, useWorkbench } from '../../state/context'
import { TaskSettingsPanel } from '../../tasks/TaskSettingsPanel'
import { Dialog } from '../Dialog'
import { PresetsPanel } from './PresetsPanel'
import { PricesSettings } from './PricesSettings'
import { SettingsProblems } from './SettingsProblems'
import { TerminalSettings } from './TerminalSettings'
import { WorkspaceDefaults } from './WorkspaceDefaults'
import './settings.css'

const TABS = [
  { key: 'presets', label: 'Presets' },
  { key: 'workspace', label: 'Workspace default' },
  { key: 'terminal', label: 'Terminal' },
  { key: 'prices', label: 'Prices' },
  { key: 'tasks', label: 'Tasks' }
] as const
type Tab = (typeof TABS)[number]['key']

/** Keys the browser needs inside fields; the Dialog would take arrows for its own list navigation. */
function keepFieldKeys(event: React.KeyboardEvent): void {
  const target = event.target as HTMLElement
  const inField = target.matches('input, textarea, select')
  if (inField && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) event.stopPropagation()
}

function TabPanel({ tab }: { tab: Tab }): React.JSX.Element {
  if (tab === 'presets') return <PresetsPanel />
  if (tab === 'workspace') return <WorkspaceDefaults />
  if (tab === 'prices') return <PricesSettings />
  if (tab === 'tasks') return <TaskSettingsPanel />
  return <TerminalSettings />
}

/** Presets (yours and the built-ins), per-folder workspace defaults, how terminals look, and model prices. */
export function SettingsDialog(): React.JSX.Element {
  const workbench = useWorkbench()
  const problems = useAppState((s) => s.presets.problems)
  const [tab, setTab] = useState<Tab>('presets')
  const id = useId()

  // What the user sees here is fresh even if the file was edited by hand a moment ago.
  useEffect(() => void workbench.refreshPresets(), [workbench])

  const onTabKey = (event: React.KeyboardEvent): void => {
    const index = TABS.findIndex((entry) => entry.key === tab)
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }
    const target = moves[event.key]
    if (target === undefined) return
    event.preventDefault()
    const next = TABS[(target + TABS.length) % TABS.length]
    if (!next) return
    setTab(next.key)
    document.getElementById(`${id}-tab-${next.key}`)?.focus()
  }

  return (
    <Dialog title="Presets and settings" className="settings" onClose={() => workbench.setOverlay(null)}>
      <div className="settings-body" onKeyDown={keepFieldKeys}>
        <SettingsProblems problems={problems} />
        <div className="settings-tabs" role="tablist" aria-label="Settings sections" onKeyDown={onTabKey}>
          {TABS.map((entry) => (
            <button
              key={entry.key}
              type="button"
              role="tab"
              id={`${id}-tab-${entry.key}`}
              className="settings-tab"
              aria-selected={tab === entry.key}
              aria-controls={`${id}-panel`}
              tabIndex={tab === entry.key ? 0 : -1}
              data-autofocus={entry.key === 'presets' ? '' : undefined}
              onClick={() => setTab(entry.key)}
            >
              {entry.label}
            </button>
          ))}
        </div>
        <div className="settings-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`}>
          <TabPanel tab={tab} />
        </div>
      </div>
    </Dialog>
  )
}
