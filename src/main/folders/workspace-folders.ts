import { HostError } from '../bridge'
import type { SettingsStore } from '../config'
import { folderProblem } from './folder-check'

/** How many recent folders each workspace remembers. */
export const MAX_RECENT = 10

/**
 * The workspace's folder (where new panes start unless told otherwise; the host's
 * launch folder at first) and the folders panes were recently started in from it,
 * newest first, kept per workspace folder in the settings file.
 */
export class WorkspaceFolders {
  private folder: string

  constructor(
    private readonly store: SettingsStore,
    launchFolder: string
  ) {
    this.folder = launchFolder
  }

  get workspace(): string {
    return this.folder
  }

  recent(): string[] {
    return this.store.read().recentFolders[this.folder] ?? []
  }

  /** Changes the workspace folder; one that cannot hold panes is refused with the reason. */
  setWorkspace(folder: string): void {
    const problem = folderProblem(folder)
    if (problem) throw new HostError('invalid_input', `The folder ${folder} ${problem}.`)
    this.folder = folder
    this.used(folder)
  }

  /** A pane started in `folder`: it moves to the front of this workspace's recent list. */
  used(folder: string): void {
    const current = this.recent()
    if (current[0] === folder) return
    const recent = [folder, ...current.filter((other) => other !== folder)].slice(0, MAX_RECENT)
    this.store.update((data) => ({ ...data, recentFolders: { ...data.recentFolders, [this.folder]: recent } }))
  }
}
