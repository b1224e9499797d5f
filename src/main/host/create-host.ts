import { BridgeDispatcher, EventHub, type CallHandlers } from '../bridge'
import { listAgents, userClaudeConfigDir, userEnvironment } from '../agents'
import { ConfigService, SettingsStore } from '../config'
import { WorkspaceFolders } from '../folders'
import { LayoutService } from '../layout'
import type { Logger } from '../log'
import { StateStore } from '../persistence'
import { PaneManager, type PaneManagerOptions } from '../pty'
import { AgentPanes, InterruptWatch, PromptSender, TurnTracker, type RestartPolicy } from '../sessions'
import { StatusService } from '../status'
import { createCrashRestarter, crashRestartHandlers, type CrashRestartDeps } from './crash-restart-handlers'
import { folderHandlers, newPaneFolder, typedFolder, type FolderDeps } from './folder-handlers'
import { costHandlers, createCosts } from './cost-handlers'
import { HostRecovery } from './host-recovery'
import { createTasks, taskHandlers } from './task-handlers'
import type { TaskService } from '../tasks'

export interface HostOptions {
  kind: 'desktop' | 'browser'
  version: string
  /** The workspace folder at start: where a new pane starts when the client names no folder. */
  defaultCwd: string
  /** The desktop app's native folder dialog (undefined: cancelled). */
  chooseFolder?: () => Promise<string | undefined>
  /** Settings and per-pane files live here. */
  dataDir: string
  log: Logger
  /** Pane processes start from this environment (less what npm adds for scripts); the host's own by default. */
  env?: NodeJS.ProcessEnv
  /** Tuning for tests and benchmarks. */
  panes?: Omit<PaneManagerOptions, 'env'>
  /** Waits and cap for restarting agents that crash (tests shorten them). */
  restartPolicy?: RestartPolicy
  /** Start with an empty grid; the saved workspace is kept aside (`--fresh`). */
  fresh?: boolean
  /**
   * Restored panes show their screens at once but start their programs once this settles:
   * the MCP server listening, so a restored orchestrator pane connects to it (the server needs the host, so it starts after).
   */
  startRestoredAfter?: Promise<unknown>
  /** How long restored programs wait for a client to draw their saved screens before they start anyway (tests change it). */
  firstViewWaitMs?: number
}

export interface Host {
  dispatcher: BridgeDispatcher
  events: EventHub
  panes: PaneManager
  agentPanes: AgentPanes
  status: StatusService
  layout: LayoutService
  config: ConfigService
  settings: SettingsStore
  /** Claude panes' turns from their hooks: wait for the end of the turn a prompt started. */
  turns: TurnTracker
  /** Submits a prompt to a Claude pane as a user would, and tells when its turn started. */
  prompts: PromptSender
  /** The task board: tasks with their worktrees, stages and panes. */
  tasks: TaskService
  /** Durable state under `<data dir>/state/`, locked to this host. */
  state: StateStore
  /** Settles once every saved pane is back and started (or waits, with why, for the user). */
  restoring: Promise<void>
  dataDir: string
  dispose(): Promise<void>
}

/** Wires the host-neutral services to the bridge; both the desktop and browser hosts start here. */
export function createHost(options: HostOptions): Host {
  // Panes start from the environment the user started Tessera in, not npm's script environment.
  const env = userEnvironment(options.env ?? process.env)
  const events = new EventHub()
  const turns = new TurnTracker()
  const interrupts = new InterruptWatch({ turns, isIdle: (paneId) => status.status(paneId)?.state === 'idle' })
  // First, so a data dir another host holds stops this one before anything starts.
  const state = StateStore.open(options.dataDir, options.log.child('state'))
  const settings = new SettingsStore(options.dataDir, options.log.child('settings'))
  const recovery = new HostRecovery(state, settings, options.fresh ?? false, options.log.child('recovery'))
  const layout = new LayoutService((tree) => {
    recovery.layoutChanged(tree)
    events.emit('layout.changed', { layout: tree })
  })
  const status = new StatusService({
    log: options.log.child('status'),
    onStatus: (paneId, paneStatus) => {
      panes.setStatus(paneId, paneStatus)
      events.emit('pane.status', { paneId, status: paneStatus })
      if (paneStatus.sessionId) agentPanes.followSession(paneId, paneStatus.sessionId)
      agentPanes.statusChanged(paneId)
      if (paneStatus.state === 'crashed') crashRestarts.crashed(paneId, paneStatus.reason)
      interrupts.statusChanged(paneId, paneStatus.state)
    },
    programInForeground: (paneId) => panes.programInForeground(paneId),
    screenText: (paneId) => panes.screenText(paneId),
    onHook: (paneId, event, payload) => {
      agentPanes.hookReported(paneId, event, payload)
      turns.hook(paneId, event, payload)
      for (const field of ['transcript_path', 'agent_transcript_path']) if (typeof payload[field] === 'string') costs.transcriptTouched(payload[field])
    }
  })
  const panes: PaneManager = new PaneManager(
    {
      onData: (paneId, data, offset, replace) => {
        events.emit('pane.data', { paneId, data, offset, ...(replace ? { replace } : {}) })
        status.output(paneId)
        recovery.output(paneId)
      },
      onExit: (paneId, exitCode, signal) => {
        status.exited(paneId, exitCode, signal)
        turns.exited(paneId, signal ? `signal ${signal}` : `exit code ${exitCode}`)
        events.emit('pane.exit', { paneId, exitCode, signal })
        recovery.exited(paneId)
      },
      onChanged: (list) => {
        recovery.panesChanged(list)
        costs.panesChanged(list, (paneId) => agentPanes.claudeConfigDir(paneId))
        tasks.panesChanged(list)
        events.emit('panes.changed', { panes: list })
      },
      onTitle: (paneId, title) => status.title(paneId, title)
    },
    options.log.child('pty'),
    options.defaultCwd,
    { ...options.panes, env }
  )
  const config = new ConfigService(settings, options.log.child('config'))
  const stopWatchingSettings = config.onChange(() => events.emit('settings.changed', {}))
  const folderDeps: FolderDeps = { folders: new WorkspaceFolders(settings, options.defaultCwd), panes, events, ...(options.chooseFolder && { chooseFolder: options.chooseFolder }) }
  const agentPanes = new AgentPanes({ panes, config, status, dataDir: options.dataDir, defaultCwd: options.defaultCwd, env, log: options.log.child('agents') })
  const crashDeps: CrashRestartDeps = { panes, agentPanes, settings, log: options.log.child('crash-restart'), ...(options.restartPolicy && { policy: options.restartPolicy }) }
  const crashRestarts = createCrashRestarter(crashDeps)
  const costs = createCosts({ state, panes, events, log: options.log.child('costs') })
  costs.start([userClaudeConfigDir(env)])
  const prompts = new PromptSender({ panes, status, turns, events, log: options.log.child('prompts') })
  const tasks: TaskService = createTasks({
    state,
    dataDir: options.dataDir,
    env,
    events,
    panes,
    agentPanes,
    layout,
    config,
    status,
    prompts,
    turns,
    costs,
    restartPane: async (paneId) => handlers['pane.restart']({ paneId }, 'tasks'),
    closePane: async (paneId) => handlers['pane.close']({ paneId }, 'tasks'),
    log: options.log.child('tasks')
  })
  const restoring = recovery.restore({
    panes,
    agentPanes,
    layout,
    status,
    crashRestarts,
    ...(options.startRestoredAfter && { startGate: options.startRestoredAfter }),
    ...(options.firstViewWaitMs !== undefined && { firstViewWaitMs: options.firstViewWaitMs })
  })
  // Tasks whose stage was under way when the last host stopped learn so once their panes are back.
  void restoring.then(() => tasks.recover())
  const handlers: CallHandlers = {
    'app.info': () => ({ version: options.version, platform: process.platform, host: options.kind, defaultCwd: folderDeps.folders.workspace }),
    'agents.list': () => listAgents(env),
    'pane.list': () => panes.list(),
    'pane.create': async ({ beside, cwd, ...request }) => {
      // Validate the placement before a process starts, so a bad target costs nothing.
      if (beside) layout.assertPane(beside.paneId)
      const pane = await agentPanes.create({ ...request, cwd: newPaneFolder(folderDeps, cwd, beside) })
      layout.addPane(pane.id, beside)
      folderDeps.folders.used(pane.cwd)
      return pane
    },
    'pane.restart': ({ paneId, cwd }) => {
      crashRestarts.userRestarted(paneId)
      return agentPanes.restart(paneId, cwd === undefined ? undefined : typedFolder(cwd))
    },
    'pane.attach': ({ paneId }) => panes.attach(paneId),
    'pane.shown': ({ paneId }) => (recovery.shown(paneId), null),
    'pane.ack': ({ paneId, chars }) => (panes.ack(paneId, chars), null),
    'pane.write': ({ paneId, data }) => (panes.write(paneId, data), null),
    'pane.resize': ({ paneId, cols, rows }, clientId) => (panes.clientSize(paneId, clientId, { cols, rows }), null),
    'pane.release': ({ paneId }, clientId) => (panes.clientReleased(paneId, clientId), null),
    'pane.close': async ({ paneId }) => {
      crashRestarts.remove(paneId)
      await agentPanes.close(paneId)
      layout.removePane(paneId)
      recovery.closed(paneId)
      costs.paneClosed(paneId)
      turns.forget(paneId)
      interrupts.forget(paneId)
      return null
    },
    'pane.foregroundJob': ({ paneId }) => ({ job: panes.foregroundJob(paneId) ?? null }),
    'pane.setModel': ({ paneId, model }) => agentPanes.setModel(paneId, model),
    ...crashRestartHandlers(crashRestarts, crashDeps),
    ...recovery.handlers(),
    ...costHandlers(costs, panes),
    'presets.list': () => config.presets(),
    'presets.save': (input) => config.savePreset(input),
    'presets.delete': ({ name }) => (config.deletePreset(name), null),
    'workspace.get': ({ folder }) => ({ folder, defaults: config.workspaceDefaults(folder), problems: config.workspaceProblems(folder) }),
    'workspace.set': ({ folder, kind, config: raw }) => (config.setWorkspaceDefault(folder, kind, raw), null),
    ...folderHandlers(folderDeps),
    'layout.get': () => layout.get(),
    'layout.resize': ({ splitId, sizes }) => (layout.resize(splitId, sizes), null),
    'layout.equalize': () => (layout.equalize(), null),
    'layout.zoom': ({ paneId }) => (layout.zoom(paneId), null),
    'layout.move': ({ paneId, targetPaneId, edge }) => (layout.move(paneId, targetPaneId, edge), null),
    'layout.swap': ({ paneId, otherPaneId }) => (layout.swap(paneId, otherPaneId), null),
    ...taskHandlers(tasks)
  }
  return {
    dispatcher: new BridgeDispatcher(handlers, options.log.child('bridge')),
    events,
    panes,
    agentPanes,
    status,
    layout,
    config,
    settings,
    turns,
    prompts,
    tasks,
    state,
    restoring,
    dataDir: options.dataDir,
    dispose: async () => {
      // Before anything else can fail or hang: the panes and layout as the user left them are on disk, then their screens.
      await recovery.beforeQuit()
      tasks.dispose()
      stopWatchingSettings()
      crashRestarts.dispose()
      interrupts.dispose()
      await costs.dispose()
      agentPanes.dispose()
      settings.dispose()
      // Quitting ends every pane on purpose: their exits read as exited, not crashed.
      for (const pane of panes.list()) status.endRequested(pane.id)
      await panes.closeAll()
      await status.dispose()
      // Last: the next host may take the data dir only once this one's panes are gone.
      state.close()
    }
  }
}
