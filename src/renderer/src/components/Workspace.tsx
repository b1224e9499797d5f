import { useEffect } from 'react'
import { BudgetDialog } from '../costs/BudgetDialog'
import { CostPanel } from '../costs/CostPanel'
import { Grid } from '../grid/Grid'
import { commandFor, type Command } from '../keymap'
import { useAppState, useWorkbench } from '../state/context'
import { CreateTaskDialog } from '../tasks/CreateTaskDialog'
import { DeleteTaskDialog } from '../tasks/DeleteTaskDialog'
import { TaskBoard } from '../tasks/TaskBoard'
import { TaskDetail } from '../tasks/TaskDetail'
import type { Workbench } from '../state/workbench'
import { AgentPicker } from './AgentPicker'
import { CloseConfirm } from './CloseConfirm'
import { FolderDialog } from './FolderDialog'
import { HelpOverlay } from './HelpOverlay'
import { RecoveryBanner } from './RecoveryBanner'
import { SettingsDialog } from './settings/SettingsDialog'
import { CloseIcon } from './Icons'
import { Toolbar } from './Toolbar'

/** Commands that make sense while a key is held down; the rest act once per press. */
const REPEATABLE = new Set<Command>(['fontBigger', 'fontSmaller', 'focusNext', 'focusPrevious'])

/**
 * The keymap's one listener. xterm's key filter lets Tessera's combos bubble up
 * here untouched, so the terminal never sees them and every other key reaches it.
 */
function useGlobalKeys(workbench: Workbench): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const command = commandFor(event)
      if (!command) return
      event.preventDefault()
      event.stopPropagation()
      if (!event.repeat || REPEATABLE.has(command)) workbench.run(command)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [workbench])
}

export function Workspace(): React.JSX.Element {
  const workbench = useWorkbench()
  const overlay = useAppState((s) => s.overlay)
  const taskView = useAppState((s) => s.taskView)
  useGlobalKeys(workbench)
  return (
    <>
      <Toolbar />
      <Notice />
      <RecoveryBanner />
      {/* The board beside the grid, or alone: the grid's terminals live on outside React meanwhile. */}
      <div className="workspace-body" data-task-view={taskView}>
        {taskView !== 'board' && <Grid />}
        {taskView !== 'hidden' && <TaskBoard />}
      </div>
      {overlay === 'help' && <HelpOverlay />}
      {overlay === 'picker' && <AgentPicker />}
      {overlay === 'settings' && <SettingsDialog />}
      {overlay === 'closeConfirm' && <CloseConfirm />}
      {overlay === 'folder' && <FolderDialog />}
      {overlay === 'costs' && <CostPanel />}
      {overlay === 'budget' && <BudgetDialog />}
      {overlay === 'newTask' && <CreateTaskDialog />}
      {overlay === 'task' && <TaskDetail />}
      {overlay === 'deleteTask' && <DeleteTaskDialog />}
    </>
  )
}

/** A failed action, until dismissed or the next success. */
function Notice(): React.JSX.Element | null {
  const workbench = useWorkbench()
  const notice = useAppState((s) => s.notice)
  if (!notice) return null
  return (
    <div className="banner" role="alert">
      <span>{notice}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => workbench.notify(null)}>
        <CloseIcon />
      </button>
    </div>
  )
}
