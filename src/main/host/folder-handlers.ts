import { HostError, type CallHandlers, type EventHub } from '../bridge'
import { completeFolder, folderFromInput, type WorkspaceFolders } from '../folders'
import type { PaneManager } from '../pty'

export interface FolderDeps {
  folders: WorkspaceFolders
  panes: PaneManager
  events: EventHub
  /** The desktop app's native folder dialog; browser mode has none. */
  chooseFolder?: () => Promise<string | undefined>
}

type FolderCalls = 'folders.get' | 'folders.setWorkspace' | 'folders.complete' | 'folders.choose'

/** A typed path as a full one, or the bridge's invalid_input saying why not. */
export function typedFolder(input: string): string {
  try {
    return folderFromInput(input)
  } catch (error) {
    throw new HostError('invalid_input', error instanceof Error ? error.message : String(error))
  }
}

export function folderHandlers({ folders, events, chooseFolder }: FolderDeps): Pick<CallHandlers, FolderCalls> {
  return {
    'folders.get': () => ({ workspace: folders.workspace, recent: folders.recent() }),
    'folders.setWorkspace': ({ folder }) => {
      folders.setWorkspace(typedFolder(folder))
      // Every window shows the workspace folder: they re-read it on settings.changed.
      events.emit('settings.changed', {})
      return null
    },
    'folders.complete': ({ prefix }) => completeFolder(prefix),
    'folders.choose': async () => {
      if (!chooseFolder) throw new HostError('failed', 'Only the desktop app has a folder dialog: type the folder instead.')
      return { folder: (await chooseFolder()) ?? null }
    }
  }
}

/**
 * Where a new pane starts: the folder the user chose; for a split, the folder the split
 * pane's program works in now; else the workspace folder.
 */
export function newPaneFolder({ folders, panes }: FolderDeps, cwd: string | undefined, beside: { paneId: string } | undefined): string {
  if (cwd) return typedFolder(cwd)
  if (!beside) return folders.workspace
  const { folder, problem } = panes.currentFolder(beside.paneId)
  if (problem) throw new HostError('invalid_input', `${problem} Choose a folder for the new pane.`)
  return folder
}
