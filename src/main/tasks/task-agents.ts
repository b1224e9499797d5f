import type { Edge } from '../../shared/layout'
import type { PaneTask } from '../../shared/tasks'

// What the tasks service needs of panes and agents; the host implements it with AgentPanes,
// the layout and the pane manager (src/main/host/task-handlers.ts), tests with fakes.

export interface TaskPaneRequest {
  /** The task's worktree: where the agent works. */
  cwd: string
  /** The repository's top folder: its workspace defaults apply to the task's pane. */
  repo: string
  preset?: string
  /** The stage's model; undefined: what the preset or workspace says. */
  model?: string
  cols: number
  rows: number
  /** Where the pane goes in the grid; without it, beside the last pane. */
  beside?: { paneId: string; edge: Edge }
}

export interface TaskAgents {
  /** Opens a Claude pane in a new conversation; throws (a HostError) when it cannot. Returns its id. */
  open(request: TaskPaneRequest): Promise<string>
  /** Opens the task's pane again under `paneId`, resuming `sessionId` (the user had closed it). */
  reopen(paneId: string, request: TaskPaneRequest & { sessionId?: string }): Promise<void>
  /** The model a Claude pane in `repo` with `preset` runs when no model is named; throws for an unknown preset. */
  defaultModel(repo: string, preset: string | undefined): string | undefined
  /** Why `model` is not a Claude model (the check pane.create and pane.setModel use), or undefined. */
  modelProblem(model: string): string | undefined
  exists(paneId: string): boolean
  running(paneId: string): boolean
  /** The pane's model as configured, and its Claude session. */
  agent(paneId: string): { model?: string; sessionId?: string }
  /**
   * Switches the pane's model keeping its conversation (a restart with --resume); resolves once
   * it runs on it (a turn under way is finished first). The signal gives up waiting.
   */
  switchModel(paneId: string, model: string, signal?: AbortSignal): Promise<void>
  /** Ends the agent's process (a model switch waiting for it is called off); the pane stays, showing it exited. */
  stop(paneId: string): Promise<void>
  /** Starts the agent again, resuming its conversation. */
  restart(paneId: string): Promise<void>
  /** Closes the pane for good. */
  close(paneId: string): Promise<void>
  /** What the pane's header shows of its task (undefined: none). */
  showTask(paneId: string, task: PaneTask | undefined): void
}
