import type { TesseraClient } from '../../../shared/bridge'
import type { ViewSettings } from '../state/settings'
import { TerminalController, type ControllerHooks } from './controller'
import { WriteScheduler } from './write-scheduler'

/**
 * Every pane's TerminalController by pane id. Controllers are made on first use
 * (a slot asks for one) and disposed only when the pane is gone from both the
 * host's pane list and the layout, never because the grid re-rendered.
 */
export class TerminalRegistry {
  private readonly controllers = new Map<string, TerminalController>()
  private readonly scheduler: WriteScheduler

  constructor(
    private readonly client: TesseraClient,
    private readonly view: () => ViewSettings,
    private readonly hooks: (paneId: string) => ControllerHooks,
    focusedPane: () => string | null
  ) {
    const clock = { now: () => performance.now(), later: (callback: () => void, ms: number) => void setTimeout(callback, ms) }
    this.scheduler = new WriteScheduler(focusedPane, clock)
  }

  get(paneId: string): TerminalController {
    let controller = this.controllers.get(paneId)
    if (!controller) {
      controller = new TerminalController(this.client, paneId, this.view(), this.hooks(paneId), this.scheduler)
      this.controllers.set(paneId, controller)
    }
    return controller
  }

  /** The controller if the pane has one already; never creates. */
  peek(paneId: string | null): TerminalController | undefined {
    return paneId === null ? undefined : this.controllers.get(paneId)
  }

  /** Disposes controllers whose pane is in neither list. */
  prune(alive: ReadonlySet<string>): void {
    for (const [paneId, controller] of this.controllers) {
      if (alive.has(paneId)) continue
      controller.dispose()
      this.controllers.delete(paneId)
    }
  }

  applyView(view: ViewSettings): void {
    for (const controller of this.controllers.values()) controller.applyView(view)
  }

  disposeAll(): void {
    this.prune(new Set())
  }
}
