import type { PaneInfo } from '../../shared/bridge'
import type { Layout } from '../../shared/layout'
import type { CallHandlers } from '../bridge'
import type { SettingsStore } from '../config'
import { workspaceDocument, type LayoutService, type Workspace } from '../layout'
import type { Logger } from '../log'
import type { StateDocument, StateStore } from '../persistence'
import type { PaneManager } from '../pty'
import { FirstView, PaneRecords, panesDocument, restoreWorkspace, ScreenSaver, type Panes, type RestoreOutcome, type SavedPane } from '../recovery'
import type { AgentPanes, CrashRestarter } from '../sessions'
import type { StatusService } from '../status'

export interface RecoveryServices {
  panes: PaneManager
  agentPanes: AgentPanes
  layout: LayoutService
  status: StatusService
  crashRestarts: CrashRestarter
  /** Restored programs start once this settles (see HostOptions.startRestoredAfter). */
  startGate?: Promise<unknown>
  /** How long restored programs wait for a client to draw their screens (FirstView's default when unset). */
  firstViewWaitMs?: number
}

type RecoveryCalls = 'recovery.report' | 'restoreOnStart.get' | 'restoreOnStart.set'

/**
 * The host's side of crash recovery: what the last host saved (read once, before anything
 * changes it), the documents and screens that keep it current, and the restore itself.
 */
export class HostRecovery {
  private readonly workspace: StateDocument<Workspace>
  private readonly panesDocument: StateDocument<Panes>
  private readonly screens: ScreenSaver
  private readonly firstView = new FirstView()
  private readonly saved: { panes: readonly SavedPane[]; layout: Layout }
  private readonly setAside: string | undefined
  private records: PaneRecords | undefined
  private services: RecoveryServices | undefined
  /** What the restore brought back, once every saved pane is in place (before their programs start). */
  private readonly outcome: Promise<RestoreOutcome>
  private settleOutcome: (outcome: RestoreOutcome) => void = () => undefined

  /** With `fresh` (or the setting off), what was saved is moved aside first, never deleted. */
  constructor(
    private readonly state: StateStore,
    private readonly settings: SettingsStore,
    fresh: boolean,
    private readonly log: Logger
  ) {
    this.setAside = fresh || !settings.read().restoreOnStart ? state.setAside() : undefined
    this.workspace = state.document(workspaceDocument)
    this.panesDocument = state.document(panesDocument)
    this.saved = { panes: this.panesDocument.get().panes, layout: this.workspace.get().layout }
    this.outcome = new Promise((resolve) => (this.settleOutcome = resolve))
    this.screens = new ScreenSaver(
      state.files('screens'),
      {
        snapshot: (paneId) => this.require().panes.snapshot(paneId),
        size: (paneId) => this.services?.panes.list().find((pane) => pane.id === paneId)
      },
      log.child('screens')
    )
  }

  /** Restores what was saved into the services, then keeps their state saved. Resolves once every pane was started. */
  async restore(services: RecoveryServices): Promise<void> {
    this.services = services
    const records = new PaneRecords(this.panesDocument, services.panes, services.agentPanes)
    const outcome = await restoreWorkspace(this.saved.panes, this.saved.layout, {
      agentPanes: services.agentPanes,
      layout: services.layout,
      screens: this.screens,
      ready: () => services.status.ready(),
      beforeStart: (paneIds) => Promise.all([services.startGate, this.firstView.wait(paneIds, services.firstViewWaitMs)]),
      disableAutoRestart: (paneId) => services.crashRestarts.setEnabled(paneId, false),
      setCreator: (paneId, creator) => services.panes.setCreator(paneId, creator),
      created: (created) => {
        this.records = records
        records.changed(services.panes.list())
        this.settleOutcome(created)
      },
      log: this.log
    }).catch((error: unknown) => {
      // Whatever went wrong, the host runs on, and the user hears why the grid is not back.
      const message = `The saved workspace could not be restored: ${error instanceof Error ? error.message : String(error)}`
      this.log.error('restore failed', { message })
      const failed = { restored: 0, problems: [{ message }] }
      this.settleOutcome(failed)
      return failed
    })
    this.log.info('workspace restored', { panes: outcome.restored, problems: outcome.problems.length })
  }

  layoutChanged(layout: Layout): void {
    this.workspace.set({ ...this.workspace.get(), layout })
  }

  panesChanged(list: readonly PaneInfo[]): void {
    this.records?.changed(list)
  }

  /** A client drew the restored pane's saved screen. */
  shown(paneId: string): void {
    this.firstView.shown(paneId)
  }

  output(paneId: string): void {
    this.screens.output(paneId)
  }

  exited(paneId: string): void {
    this.screens.exited(paneId)
  }

  closed(paneId: string): void {
    this.screens.closed(paneId)
  }

  /** Quitting: the panes as they are now are what the next start restores, with their screens. */
  async beforeQuit(): Promise<void> {
    this.records?.freeze()
    this.state.flushSync()
    await this.screens.saveAll(this.services?.panes.list().map((pane) => pane.id) ?? [])
    this.screens.dispose()
    this.firstView.dispose()
  }

  handlers(): Pick<CallHandlers, RecoveryCalls> {
    return {
      'recovery.report': async () => {
        const { restored, problems } = await this.outcome
        const stateProblems = this.state.problems().map(({ message, backupPath }) => ({ message, ...(backupPath && { backupPath }) }))
        return { restoredPanes: restored, problems: [...stateProblems, ...problems], ...(this.setAside && { setAside: this.setAside }) }
      },
      'restoreOnStart.get': () => ({ enabled: this.settings.read().restoreOnStart }),
      'restoreOnStart.set': ({ enabled }) => (this.settings.update((data) => ({ ...data, restoreOnStart: enabled })), null)
    }
  }

  private require(): RecoveryServices {
    if (!this.services) throw new Error('Recovery has not started')
    return this.services
  }
}
