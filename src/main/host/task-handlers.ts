import { join } from 'node:path'
import { modelProblem } from '../../shared/agent-config'
import type { PaneInfo } from '../../shared/bridge'
import { HostError, type CallHandlers, type EventHub } from '../bridge'
import type { ConfigService } from '../config'
import type { CostService } from '../costs'
import type { LayoutService } from '../layout'
import type { Logger } from '../log'
import type { StateStore } from '../persistence'
import type { PaneManager } from '../pty'
import type { AgentPanes, PromptSender, TurnTracker } from '../sessions'
import type { StatusService } from '../status'
import { Git, GitMissingError, TaskGitError, TaskInputError, TaskNotFoundError, TaskService, TaskTransitionError, tasksDocument, type TaskAgents } from '../tasks'

export interface TaskDeps {
  state: StateStore
  dataDir: string
  /** The environment panes start from: git and du run in it. */
  env: NodeJS.ProcessEnv
  events: EventHub
  panes: PaneManager
  agentPanes: AgentPanes
  layout: LayoutService
  config: ConfigService
  status: StatusService
  prompts: PromptSender
  turns: TurnTracker
  costs: CostService
  /** The host's own pane.restart and pane.close (crash restarts, recovery and costs hear of them). */
  restartPane(paneId: string): Promise<unknown>
  closePane(paneId: string): Promise<unknown>
  log: Logger
}

type TaskCalls = Extract<keyof CallHandlers, `tasks.${string}`>

/** The tasks service on the host's panes, agents, layout, costs and state store; worktrees live under `<data dir>/worktrees`. */
export function createTasks(deps: TaskDeps): TaskService {
  const tasks = new TaskService({
    document: deps.state.document(tasksDocument),
    git: new Git(deps.env),
    agents: taskAgents(deps),
    prompts: deps.prompts,
    turns: deps.turns,
    costs: deps.costs,
    worktreesDir: join(deps.dataDir, 'worktrees'),
    env: deps.env,
    emit: (list) => deps.events.emit('tasks.changed', { tasks: list }),
    log: deps.log
  })
  deps.events.subscribe((name) => {
    if (name === 'costs.changed') tasks.costsChanged()
  })
  return tasks
}

/** The tasks.* calls; a refused action is the caller's invalid_input with its reason, an unknown task not_found. */
export function taskHandlers(tasks: TaskService): Pick<CallHandlers, TaskCalls> {
  return {
    'tasks.list': () => tasks.list(),
    'tasks.get': ({ taskId }) => guard(() => tasks.get(taskId)),
    'tasks.create': (input) => guard(() => tasks.create(input)),
    'tasks.update': ({ taskId, input }) => guard(() => tasks.update(taskId, input)),
    'tasks.start': ({ taskId, ...placement }) => guard(() => tasks.start(taskId, placement)),
    'tasks.advance': ({ taskId }) => guard(() => tasks.advance(taskId)),
    'tasks.pause': ({ taskId }) => guard(() => tasks.pause(taskId)),
    'tasks.resume': ({ taskId }) => guard(() => tasks.resume(taskId)),
    'tasks.restartAgent': ({ taskId }) => guard(() => tasks.restartAgent(taskId)),
    'tasks.fail': ({ taskId, reason }) => guard(() => tasks.fail(taskId, reason)),
    'tasks.reopen': ({ taskId }) => guard(() => tasks.reopen(taskId)),
    'tasks.complete': ({ taskId }) => guard(() => tasks.complete(taskId)),
    'tasks.delete': ({ taskId, removeWorktree, removeBranch }) => guard(async () => (await tasks.delete(taskId, removeWorktree, removeBranch), null)),
    'tasks.cleanup': ({ taskId }) => guard(() => tasks.cleanup(taskId)),
    'tasks.changes': ({ taskId }) => guard(() => tasks.changes(taskId)),
    'tasks.repo': ({ folder }) => tasks.repo(folder),
    'tasks.settings': () => ({ ...tasks.settings(), defaults: tasks.defaultSettings() }),
    'tasks.setSettings': (settings) => guard(async () => (await tasks.setSettings(settings), null))
  }
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof TaskNotFoundError) throw new HostError('not_found', error.message)
    if (error instanceof TaskInputError || error instanceof TaskTransitionError || error instanceof TaskGitError || error instanceof GitMissingError) {
      throw new HostError('invalid_input', error.message)
    }
    throw error
  }
}

/** Task panes are Claude panes made the way pane.create makes them, placed by the layout. */
function taskAgents(deps: TaskDeps): TaskAgents {
  const { panes, agentPanes, layout, config, status } = deps
  const info = (paneId: string): PaneInfo | undefined => panes.list().find((pane) => pane.id === paneId)
  /** The repo's workspace defaults apply to its worktrees, under the preset as usual (the worktree's own folder has none). */
  const inherited = (repo: string, preset: string | undefined): { layers: ReturnType<ConfigService['resolvePane']>['layers']; config?: Record<string, unknown> } => {
    const { layers } = config.resolvePane({ kind: 'claude', cwd: repo, ...(preset && { preset }) })
    const presetKeys = new Set(Object.keys(layers.preset?.config ?? {}))
    const workspace = Object.entries(layers.workspace ?? {}).filter(([key]) => !presetKeys.has(key))
    return { layers, ...(workspace.length > 0 && { config: Object.fromEntries(workspace) }) }
  }
  const until = (paneId: string, holds: (pane: PaneInfo) => boolean, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const pane = info(paneId)
        if (!pane) return finish(new HostError('not_found', `The pane ${paneId} was closed`))
        if (holds(pane)) finish()
      }
      const finish = (error?: unknown): void => {
        unsubscribe()
        signal?.removeEventListener('abort', aborted)
        if (error) reject(error instanceof Error ? error : new Error(String(error)))
        else resolve()
      }
      const aborted = (): void => finish(signal?.reason ?? new Error('aborted'))
      const unsubscribe = deps.events.subscribe((name) => name === 'panes.changed' && check())
      signal?.addEventListener('abort', aborted, { once: true })
      check()
    })
  return {
    open: async (request) => {
      if (request.beside) layout.assertPane(request.beside.paneId)
      const { config: workspace } = inherited(request.repo, request.preset)
      const pane = await agentPanes.create({
        kind: 'claude',
        cwd: request.cwd,
        ...(request.preset && { preset: request.preset }),
        ...(workspace && { config: workspace }),
        ...(request.model && { model: request.model }),
        cols: request.cols,
        rows: request.rows
      })
      // The CLI could not start (not installed, say): a failed start, undone like any other.
      if (pane.error) {
        await deps.closePane(pane.id)
        throw new HostError('invalid_input', pane.error)
      }
      layout.addPane(pane.id, request.beside)
      return pane.id
    },
    reopen: async (paneId, request) => {
      // Restored the way the recovery code brings a saved pane back: the layers as resolved for the repo.
      const { layers } = inherited(request.repo, request.preset)
      const own = { ...layers, ...(request.model && { model: request.model }) }
      agentPanes.restore({
        id: paneId,
        kind: 'claude',
        cwd: request.cwd,
        cols: request.cols,
        rows: request.rows,
        agent: { layers: own, ...(request.preset && { preset: request.preset }), ...(request.sessionId && { sessionId: request.sessionId }), conversationCwd: request.cwd }
      })
      layout.addPane(paneId, request.beside)
      await agentPanes.startRestored(paneId)
    },
    defaultModel: (repo, preset) => config.resolvePane({ kind: 'claude', cwd: repo, ...(preset && { preset }) }).resolved.config.model,
    modelProblem: (model) => modelProblem('claude', model),
    exists: (paneId) => info(paneId) !== undefined,
    running: (paneId) => info(paneId) !== undefined && panes.process(paneId).running,
    agent: (paneId) => {
      const agent = info(paneId)?.agent
      return { ...(agent?.model && { model: agent.model }), ...(agent?.sessionId && { sessionId: agent.sessionId }) }
    },
    switchModel: async (paneId, model, signal) => {
      agentPanes.setModel(paneId, model)
      // A turn under way finishes first; the switch then restarts the agent with --resume.
      await until(paneId, (pane) => pane.agent?.model === model && pane.agent.pendingModel === undefined, signal)
      await agentPanes.switched(paneId)
      if (!panes.process(paneId).running) await deps.restartPane(paneId)
    },
    stop: async (paneId) => {
      const agent = info(paneId)?.agent
      // A switch waiting for the turn to end would start the agent again once it stopped.
      if (agent?.pendingModel && agent.model) agentPanes.setModel(paneId, agent.model)
      await agentPanes.switched(paneId)
      // Its last reply on disk first: the resumed conversation must hold it.
      await agentPanes.turnWritten(paneId)
      status.endRequested(paneId)
      await panes.stop(paneId)
    },
    restart: async (paneId) => {
      await deps.restartPane(paneId)
    },
    close: async (paneId) => {
      await deps.closePane(paneId)
    },
    showTask: (paneId, task) => panes.setTask(paneId, task)
  }
}
