import { createContext, useContext } from 'react'
import type { AppState } from './store'
import { useStore } from './store'
import type { Workbench } from './workbench'

export const WorkbenchContext = createContext<Workbench | null>(null)

export function useWorkbench(): Workbench {
  const workbench = useContext(WorkbenchContext)
  if (!workbench) throw new Error('useWorkbench outside <WorkbenchContext>')
  return workbench
}

/** One slice of the store of the current workbench. */
export function useAppState<T>(select: (state: AppState) => T): T {
  return useStore(useWorkbench().store, select)
}
