import { useSyncExternalStore } from 'react'
import type { AgentAvailability, CallOutput, PaneInfo, RecoveryReport } from '../../../shared/bridge'
import type { Layout } from '../../../shared/layout'
import type { Task } from '../../../shared/tasks'
import { loadTaskView, type TaskView } from '../tasks/task-view'
import { loadSettings, type ViewSettings } from './settings'

// The renderer's one small store. Main owns panes and layout; this holds the
// latest copy it broadcast plus what is per client: focus, overlays, view settings.

export type Overlay = 'help' | 'picker' | 'settings' | 'closeConfirm' | 'folder' | 'costs' | 'budget' | 'newTask' | 'task' | 'deleteTask' | null

export type PresetCatalog = CallOutput<'presets.list'>

export interface AppState {
  layout: Layout
  panes: Readonly<Record<string, PaneInfo>>
  /** Titles programs set with OSC 0/2, by pane. */
  titles: Readonly<Record<string, string>>
  focusedId: string | null
  agents: readonly AgentAvailability[]
  /** Built-in and user presets, with problems found in the user's. */
  presets: PresetCatalog
  /** Where new panes start: the host's default folder (a workspace default applies to it). */
  defaultCwd: string
  overlay: Overlay
  /** The pane being dragged to a new place, while the drag lasts. */
  draggingPaneId: string | null
  /** The pane whose find bar is open. */
  findPaneId: string | null
  /** Bumped on every "find" so an open find bar takes the keyboard again. */
  findRequest: number
  view: ViewSettings
  /** A failed action the user should hear about; cleared by the next success or dismiss. */
  notice: string | null
  /** The pane the close dialog asks about, and what closing it would interrupt. */
  closeRequest: { paneId: string; doing: string } | null
  /** Panes whose close is taking long enough to show. */
  closing: Readonly<Record<string, true>>
  /** The workspace folder (the default for new panes) and recent folders, newest first. */
  folders: { workspace: string; recent: readonly string[] }
  /** What the folder dialog chooses for: a pane to restart in another folder, or the workspace (null). */
  folderFor: string | null
  /** Why the New pane dialog opened by itself (a split whose folder is gone, say). */
  pickerProblem: string | null
  /** What the host's start could not restore, or set aside; null when there is nothing to say or it was dismissed. */
  recovery: RecoveryReport | null
  /** The pane whose budget the budget dialog sets. */
  budgetFor: string | null
  /** The host's tasks, newest first (tasks.changed). */
  tasks: readonly Task[]
  /** Where this client shows the task board: hidden, a panel beside the grid, or full width. */
  taskView: TaskView
  /** The task the detail, edit or delete dialog is about (null: the create dialog makes a new one). */
  taskFor: string | null
}

type Listener = () => void

export class Store {
  private state: AppState
  private readonly listeners = new Set<Listener>()

  constructor(initial: AppState) {
    this.state = initial
  }

  get(): AppState {
    return this.state
  }

  update(change: Partial<AppState> | ((state: AppState) => Partial<AppState>)): void {
    const patch = typeof change === 'function' ? change(this.state) : change
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

export function initialState(): AppState {
  return {
    layout: { root: null, zoomed: null },
    panes: {},
    titles: {},
    focusedId: null,
    agents: [],
    presets: { presets: [], problems: [] },
    defaultCwd: '',
    overlay: null,
    draggingPaneId: null,
    findPaneId: null,
    findRequest: 0,
    view: loadSettings(),
    notice: null,
    closeRequest: null,
    closing: {},
    folders: { workspace: '', recent: [] },
    folderFor: null,
    pickerProblem: null,
    recovery: null,
    budgetFor: null,
    tasks: [],
    taskView: loadTaskView(),
    taskFor: null
  }
}

/** Subscribes a component to one slice; the selector must return stable values. */
export function useStore<T>(store: Store, select: (state: AppState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()))
}
