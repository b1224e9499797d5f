import type { AgentAvailability, EventPayload, PaneInfo, PaneKind, TesseraClient } from '../../../shared/bridge'
import type { Edge, Layout } from '../../../shared/layout'
import { hasPane, neighbor, paneIds, type Direction } from '../../../shared/layout-tree'
import { nextAttentionPane, type PaneStatus } from '../../../shared/status'
import type { DropTarget } from '../grid/drop-target'
import { paneTitle } from '../grid/pane-title'
import type { Command } from '../keymap'
import { watchTasks } from '../tasks/task-sync'
import { saveTaskView, toggledTaskView, type TaskView } from '../tasks/task-view'
import { TerminalRegistry } from '../terminal/registry'
import { CLOSING_SHOWN_AFTER_MS, closeInterrupts } from './close-guard'
import { Notifier } from './notifier'
import { clampFontSize, DEFAULT_FONT_SIZE, saveSettings, type ViewSettings } from './settings'
import { initialState, Store, type Overlay } from './store'

// What the user can do, as plain methods: the keymap, header buttons, toolbar
// and pickers all call these. Main decides layout and panes; this only asks and
// mirrors main's broadcasts into the store, plus per-client focus and view.

const FALLBACK_SIZE = { cols: 80, rows: 24 }
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))
const SHELL_ONLY: AgentAvailability[] = [{ kind: 'shell', label: 'Shell', available: true }]
const omit = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))

/** What a new pane runs: its kind, and for agents a preset and an explicit model. */
export interface NewPaneAgent {
  kind: PaneKind
  preset?: string
  model?: string
  /** Where it starts; the workspace folder (or, for a split, the split pane's) when absent. */
  cwd?: string
}

export class Workbench {
  readonly store = new Store(initialState())
  readonly registry: TerminalRegistry
  readonly notifier = new Notifier((paneId) => this.moveTo(paneId))
  private readonly unsubscribes: (() => void)[] = []
  /** Panes whose close waits for the host to say whether it would interrupt something. */
  private readonly closeChecks = new Set<string>()

  constructor(readonly client: TesseraClient) {
    this.registry = new TerminalRegistry(
      client,
      () => this.store.get().view,
      (paneId) => ({
        onTitle: (title) => this.store.update((s) => ({ titles: { ...s.titles, [paneId]: title } })),
        onFocus: () => this.store.get().focusedId !== paneId && this.store.update({ focusedId: paneId }),
        onError: (message) => this.notify(message)
      }),
      () => this.store.get().focusedId
    )
  }

  /** Mirrors the host's panes and layout, then opens a first shell on an empty grid. */
  async start(): Promise<void> {
    let layoutSeen = false
    let panesSeen = false
    this.unsubscribes.push(
      this.client.on('layout.changed', ({ layout }) => ((layoutSeen = true), this.setLayout(layout))),
      this.client.on('panes.changed', ({ panes }) => ((panesSeen = true), this.setPanes(panes))),
      this.client.on('pane.exit', (event) => this.markExit(event)),
      this.client.on('settings.changed', () => (void this.refreshPresets(), void this.refreshFolders())),
      this.client.on('pane.status', ({ paneId, status }) => this.setStatus(paneId, status)),
      this.client.on('app.focusPane', ({ paneId }) => this.moveTo(paneId)),
      this.client.on('app.nextAttention', () => this.focusNextAttention()),
      this.client.on('app.notice', ({ message }) => this.notify(message)),
      this.client.on('costs.budget', (event) => this.budgetCrossed(event)),
      watchTasks(this.client, this.store)
    )
    const [layout, panes] = await Promise.all([this.client.call('layout.get', {}), this.client.call('pane.list', {})])
    // A broadcast that arrived meanwhile is newer than these answers.
    if (!panesSeen) this.setPanes(panes)
    if (!layoutSeen) this.setLayout(layout)
    void this.refreshAgents()
    void this.refreshPresets()
    void this.client.call('app.info', {}).then(({ defaultCwd }) => this.store.update({ defaultCwd }))
    void this.refreshFolders()
    void this.readRecovery()
    if (!this.store.get().layout.root) await this.newPane('shell')
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe()
    this.registry.disposeAll()
  }

  // ------------------------------------------------------------ host state

  private setLayout(layout: Layout): void {
    const { focusedId, overlay } = this.store.get()
    const nextFocus = this.validFocus(layout, focusedId)
    this.store.update({ layout, focusedId: nextFocus })
    this.syncTerminals()
    // The focused pane went away (closed elsewhere, zoom moved): the keyboard follows.
    if (nextFocus !== focusedId && !overlay) this.registry.peek(nextFocus)?.focus()
  }

  private setPanes(list: readonly PaneInfo[]): void {
    this.store.update({ panes: Object.fromEntries(list.map((pane) => [pane.id, pane])) })
    this.syncTerminals()
  }

  private setStatus(paneId: string, status: PaneStatus): void {
    const pane = this.store.get().panes[paneId]
    if (!pane) return
    const previous = pane.status?.state
    this.store.update((s) => ({ panes: { ...s.panes, [paneId]: { ...pane, status } } }))
    const { focusedId, view, titles, agents } = this.store.get()
    this.notifier.statusChanged(paneId, {
      previous,
      next: status.state,
      watched: focusedId === paneId && document.hasFocus() && document.visibilityState === 'visible',
      paneTitle: paneTitle(pane, titles[paneId], agents),
      ...(status.reason ? { reason: status.reason } : {}),
      agent: status.method === 'hooks',
      previousForMs: status.since - (pane.status?.since ?? status.since),
      settings: view.notify
    })
  }

  /** A budget crossed 100 %: a notification, like a pane that needs the user (80 % is only the header's badge). */
  private budgetCrossed({ scope, paneId, state, limit, spent }: EventPayload<'costs.budget'>): void {
    const { panes, titles, agents, focusedId, view } = this.store.get()
    const pane = paneId ? panes[paneId] : undefined
    this.notifier.budgetCrossed(
      {
        scope,
        state,
        limit,
        spent,
        ...(pane && { paneTitle: paneTitle(pane, titles[pane.id], agents) }),
        watched: scope === 'pane' && focusedId === paneId && document.hasFocus() && document.visibilityState === 'visible',
        settings: view.notify
      },
      paneId
    )
  }

  private markExit({ paneId, exitCode, signal }: EventPayload<'pane.exit'>): void {
    this.store.update((s) => {
      const pane = s.panes[paneId]
      return pane ? { panes: { ...s.panes, [paneId]: { ...pane, exit: { exitCode, signal } } } } : {}
    })
  }

  /** Focus stays where it is while that pane is visible; otherwise the zoomed or first pane takes it. */
  private validFocus(layout: Layout, focusedId: string | null): string | null {
    if (layout.zoomed) return layout.zoomed
    if (focusedId && hasPane(layout, focusedId)) return focusedId
    return paneIds(layout)[0] ?? null
  }

  /**
   * Every pane in the layout gets its terminal now, visible or not (zoomed away, say):
   * it must take in output and acknowledge it, or flow control would pause its process.
   * Terminals of panes gone from both lists are disposed.
   */
  private syncTerminals(): void {
    const { layout, panes } = this.store.get()
    const inLayout = paneIds(layout)
    for (const paneId of inLayout) this.registry.get(paneId)
    this.registry.prune(new Set([...inLayout, ...Object.keys(panes)]))
  }

  /** What the host's start could not use or set aside, kept only when there is something to tell. */
  private async readRecovery(): Promise<void> {
    const report = await this.client.call('recovery.report', {}).catch(() => null)
    if (report && (report.problems.length > 0 || report.setAside)) this.store.update({ recovery: report })
  }

  dismissRecovery(): void {
    this.store.update({ recovery: null })
  }

  async refreshAgents(): Promise<void> {
    const agents = await this.client.call('agents.list', {}).catch(() => SHELL_ONLY)
    this.store.update({ agents })
  }

  async refreshPresets(): Promise<void> {
    const presets = await this.client.call('presets.list', {}).catch((error: unknown) => {
      this.notify(`Presets could not be loaded: ${errorText(error)}`)
      return { presets: [], problems: [] }
    })
    this.store.update({ presets })
  }

  async refreshFolders(): Promise<void> {
    const folders = await this.client.call('folders.get', {}).catch(() => null)
    if (folders) this.store.update({ folders, defaultCwd: folders.workspace })
  }

  /** Makes `folder` the workspace folder, where new panes start; rejects with the host's reason. */
  async setWorkspaceFolder(folder: string): Promise<void> {
    await this.client.call('folders.setWorkspace', { folder })
    await this.refreshFolders()
  }

  /** Opens the folder dialog: for a pane to restart in another folder, or (null) for the workspace. */
  chooseFolderFor(paneId: string | null): void {
    this.store.update({ folderFor: paneId })
    this.setOverlay('folder')
  }

  /** Switches a pane's model; the host queues it while a Claude turn is running. */
  setModel(paneId: string, model: string): void {
    this.attempt(
      this.client.call('pane.setModel', { paneId, model }).then((pane) => {
        this.store.update((s) => ({ panes: { ...s.panes, [pane.id]: pane }, notice: null }))
      })
    )
  }

  /** Turns restarting after a crash on or off for one agent pane; off also calls off a restart already due. */
  setAutoRestart(paneId: string, enabled: boolean): void {
    this.attempt(
      this.client.call('pane.setAutoRestart', { paneId, enabled }).then((pane) => {
        this.store.update((s) => ({ panes: { ...s.panes, [pane.id]: pane }, notice: null }))
      })
    )
  }

  /** Opens the budget dialog for a Claude pane. */
  openBudget(paneId: string): void {
    this.store.update({ budgetFor: paneId })
    this.setOverlay('budget')
  }

  /** Sets (or, with null, clears) a pane's dollar budget; rejects with the host's reason. */
  async setPaneBudget(paneId: string, limit: number | null): Promise<void> {
    const pane = await this.client.call('pane.setBudget', { paneId, limit })
    this.store.update((s) => ({ panes: { ...s.panes, [pane.id]: pane }, notice: null }))
  }

  notify(message: string | null): void {
    this.store.update({ notice: message })
  }

  private attempt(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.notify(errorText(error)))
  }

  // ------------------------------------------------------------ commands

  run(command: Command): void {
    const { overlay } = this.store.get()
    // While a dialog is open only the help key does anything; the dialog owns the keyboard.
    if (overlay && command !== 'help') return
    const actions: Record<Command, () => void> = {
      splitRight: () => this.split('right'),
      splitDown: () => this.split('bottom'),
      focusLeft: () => this.focusToward('left'),
      focusRight: () => this.focusToward('right'),
      focusUp: () => this.focusToward('up'),
      focusDown: () => this.focusToward('down'),
      swapLeft: () => this.swapToward('left'),
      swapRight: () => this.swapToward('right'),
      swapUp: () => this.swapToward('up'),
      swapDown: () => this.swapToward('down'),
      focusNext: () => this.cycleFocus(1),
      focusPrevious: () => this.cycleFocus(-1),
      toggleZoom: () => this.toggleZoom(),
      closePane: () => this.close(),
      newPane: () => this.openPicker(),
      find: () => this.openFind(),
      copy: () => void this.registry.peek(this.store.get().focusedId)?.copy(),
      paste: () => void this.registry.peek(this.store.get().focusedId)?.paste(),
      fontBigger: () => this.setFontSize(this.store.get().view.fontSize + 1),
      fontSmaller: () => this.setFontSize(this.store.get().view.fontSize - 1),
      fontReset: () => this.setFontSize(DEFAULT_FONT_SIZE),
      help: () => this.setOverlay(overlay === 'help' ? null : 'help'),
      toggleTasks: () => this.setTaskView(toggledTaskView(this.store.get().taskView)),
      nextAttention: () => this.focusNextAttention()
    }
    actions[command]()
  }

  /** Jumps to the next pane that waits for the user (then errors), in grid order after the focused one. */
  focusNextAttention(): void {
    const { layout, panes, focusedId } = this.store.get()
    const statuses = Object.fromEntries(Object.values(panes).map((pane) => [pane.id, pane.status]))
    const target = nextAttentionPane(paneIds(layout), statuses, focusedId)
    if (target) this.moveTo(target)
  }

  focusPane(paneId: string | null): void {
    this.store.update({ focusedId: paneId })
    this.registry.peek(paneId)?.focus()
  }

  /** Splits a pane (the focused one by default) with a new shell on that edge. */
  split(edge: Edge, paneId = this.store.get().focusedId, kind: PaneKind = 'shell'): void {
    // A split that cannot start (its pane's folder is gone, say) offers the New pane dialog to choose a folder.
    this.createPane({ kind }, paneId ? { paneId, edge } : undefined).catch((error: unknown) => this.openPicker(errorText(error)))
  }

  /** A new pane beside the focused one, along its longer side, optionally from a preset or with a model. */
  newPane(kind: PaneKind, agent: Omit<NewPaneAgent, 'kind'> = {}): Promise<void> {
    return this.newPaneNear({ kind, ...agent }).catch((error: unknown) => this.notify(errorText(error)))
  }

  /** newPane that rejects with the host's reason, for a dialog that shows it. */
  newPaneNear(agent: NewPaneAgent): Promise<void> {
    const { focusedId } = this.store.get()
    const element = this.registry.peek(focusedId)?.element
    const edge: Edge = element && element.clientHeight > element.clientWidth ? 'bottom' : 'right'
    return this.createPane(agent, focusedId ? { paneId: focusedId, edge } : undefined)
  }

  private async createPane(agent: NewPaneAgent, beside?: { paneId: string; edge: Edge }): Promise<void> {
    const pane = await this.client.call('pane.create', { ...agent, ...this.estimateSize(beside), ...(beside && { beside }) })
    this.store.update((s) => ({ panes: { ...s.panes, [pane.id]: pane }, notice: null }))
    this.focusPane(pane.id)
  }

  /** Half the neighbour's cells, so the shell's first prompt is close to its final size. */
  private estimateSize(beside?: { paneId: string; edge: Edge }): { cols: number; rows: number } {
    const size = beside ? this.registry.peek(beside.paneId)?.size : undefined
    if (!size || !beside) return FALLBACK_SIZE
    const sideways = beside.edge === 'left' || beside.edge === 'right'
    return {
      cols: Math.max(2, sideways ? Math.floor(size.cols / 2) : size.cols),
      rows: Math.max(1, sideways ? size.rows : Math.floor(size.rows / 2))
    }
  }

  /** Closes a pane; one in the middle of something is asked about first, unless the user said not to. */
  close(paneId = this.store.get().focusedId): void {
    // A second press while the host is asked about this pane is the same request.
    if (!paneId || this.closeChecks.has(paneId)) return
    const { panes, view } = this.store.get()
    if (!view.confirmClose) {
      this.closeNow(paneId)
      return
    }
    this.closeChecks.add(paneId)
    void closeInterrupts(this.client, panes[paneId]).then((doing) => {
      this.closeChecks.delete(paneId)
      // Another dialog opened meanwhile: the user moved on, so this close is dropped, not shown over it.
      if (this.store.get().overlay) return
      if (doing) this.store.update({ closeRequest: { paneId, doing }, overlay: 'closeConfirm' })
      else this.closeNow(paneId)
    })
  }

  /** The close dialog's answer: close (and maybe never ask again), or keep the pane. */
  answerClose(close: boolean, dontAskAgain = false): void {
    const closeRequest = this.store.get().closeRequest?.paneId
    this.store.update({ closeRequest: null })
    if (close && dontAskAgain) this.setView({ confirmClose: false })
    this.setOverlay(null)
    if (close && closeRequest) this.closeNow(closeRequest)
  }

  private closeNow(paneId: string): void {
    const { layout, focusedId } = this.store.get()
    if (focusedId === paneId) {
      const ids = paneIds(layout)
      const index = ids.indexOf(paneId)
      this.focusPane(ids[index - 1] ?? ids[index + 1] ?? null)
    }
    // A process that takes its time to end (a tree to stop, an agent saving) shows that it is closing.
    const shown = setTimeout(() => this.store.update((s) => ({ closing: { ...s.closing, [paneId]: true } })), CLOSING_SHOWN_AFTER_MS)
    this.attempt(
      this.client.call('pane.close', { paneId }).finally(() => {
        clearTimeout(shown)
        if (this.store.get().closing[paneId]) this.store.update((s) => ({ closing: omit(s.closing, paneId) }))
      })
    )
  }

  restart(paneId: string): void {
    this.attempt(this.restartIn(paneId))
  }

  /** Starts the pane's program again, in `cwd` when given; rejects with the host's reason. */
  async restartIn(paneId: string, cwd?: string): Promise<void> {
    const pane = await this.client.call('pane.restart', { paneId, ...(cwd && { cwd }) })
    this.store.update((s) => ({ panes: { ...s.panes, [pane.id]: pane } }))
    this.registry.peek(paneId)?.restarted()
    this.focusPane(paneId)
  }

  toggleZoom(paneId = this.store.get().focusedId): void {
    if (!paneId) return
    const zoomed = this.store.get().layout.zoomed
    this.focusPane(paneId)
    this.attempt(this.client.call('layout.zoom', { paneId: zoomed === paneId ? null : paneId }))
  }

  /** Zoomed, moving focus moves the zoom, so one can page through full-screen agents. */
  moveTo(target: string | null | undefined): void {
    if (!target) return
    if (this.store.get().layout.zoomed) this.attempt(this.client.call('layout.zoom', { paneId: target }))
    this.focusPane(target)
  }

  private focusToward(direction: Direction): void {
    const { layout, focusedId } = this.store.get()
    if (focusedId && hasPane(layout, focusedId)) this.moveTo(neighbor(layout, focusedId, direction))
  }

  /** Trades places with the neighbouring pane; focus stays on the pane that moved. */
  private swapToward(direction: Direction): void {
    const { layout, focusedId } = this.store.get()
    if (!focusedId || !hasPane(layout, focusedId)) return
    const other = neighbor(layout, focusedId, direction)
    if (other) this.attempt(this.client.call('layout.swap', { paneId: focusedId, otherPaneId: other }))
  }

  private cycleFocus(delta: number): void {
    const { layout, focusedId } = this.store.get()
    const ids = paneIds(layout)
    if (ids.length === 0) return
    const index = focusedId ? ids.indexOf(focusedId) : -1
    this.moveTo(ids[(index + delta + ids.length) % ids.length])
  }

  setDragging(paneId: string | null): void {
    this.store.update({ draggingPaneId: paneId })
  }

  /** A pane dropped on another: beside the edge it was dropped on, or swapped in the middle. */
  dropPane(paneId: string, targetPaneId: string, target: DropTarget): void {
    this.setDragging(null)
    if (paneId === targetPaneId) return
    const call =
      target === 'swap'
        ? this.client.call('layout.swap', { paneId, otherPaneId: targetPaneId })
        : this.client.call('layout.move', { paneId, targetPaneId, edge: target })
    this.attempt(call.then(() => this.focusPane(paneId)))
  }

  equalize(): void {
    this.attempt(this.client.call('layout.equalize', {}))
  }

  resizeSplit(splitId: string, sizes: number[]): void {
    this.attempt(this.client.call('layout.resize', { splitId, sizes }))
  }

  // ------------------------------------------------------------ client-side UI

  setOverlay(overlay: Overlay): void {
    this.store.update({ overlay })
    // Closing a dialog hands the keyboard back to the terminal the user was in.
    if (overlay === null) this.registry.peek(this.store.get().focusedId)?.focus()
  }

  openPicker(problem: string | null = null): void {
    this.store.update({ pickerProblem: problem })
    this.setOverlay('picker')
    void this.refreshAgents()
  }

  openFind(paneId = this.store.get().focusedId): void {
    if (paneId) this.store.update((s) => ({ findPaneId: paneId, findRequest: s.findRequest + 1 }))
  }

  closeFind(): void {
    const { findPaneId } = this.store.get()
    this.registry.peek(findPaneId)?.endSearch()
    this.store.update({ findPaneId: null })
    this.registry.peek(findPaneId)?.focus()
  }

  setView(change: Partial<ViewSettings>): void {
    const view = { ...this.store.get().view, ...change }
    this.store.update({ view })
    saveSettings(view)
    this.registry.applyView(view)
  }

  /** Shows the task board beside the grid, full width, or not at all; remembered on this device. */
  setTaskView(taskView: TaskView): void {
    this.store.update({ taskView })
    saveTaskView(taskView)
  }

  setFontSize(size: number): void {
    this.setView({ fontSize: clampFontSize(size) })
  }

  toggleTheme(): void {
    this.setView({ theme: this.store.get().view.theme === 'dark' ? 'light' : 'dark' })
  }
}
