import { HostError, type CallHandlers, type EventHub } from '../bridge'
import { CostScanner, CostService, costsDocument, DEFAULT_PRICES } from '../costs'
import type { Logger } from '../log'
import type { StateStore } from '../persistence'
import type { PaneManager } from '../pty'

export interface CostDeps {
  state: StateStore
  panes: PaneManager
  events: EventHub
  log: Logger
}

type CostCalls = 'costs.report' | 'costs.settings' | 'costs.setPrices' | 'costs.setDailyBudget' | 'pane.setBudget'

/** The cost service on a worker that reads the transcripts; its figures reach the panes and every client. */
export function createCosts({ state, panes, events, log }: CostDeps): CostService {
  const scanner: CostScanner = new CostScanner({
    onChanged: (sessionIds) => void costs.sessionsChanged(sessionIds),
    onScanned: () => costs.scanComplete(),
    log: log.child('scanner')
  })
  const costs: CostService = new CostService({
    document: state.document(costsDocument),
    source: scanner,
    defaults: DEFAULT_PRICES,
    showPaneCost: (paneId, cost) => panes.setCost(paneId, cost),
    emitChanged: () => events.emit('costs.changed', {}),
    emitBudget: (event) => events.emit('costs.budget', event),
    log
  })
  return costs
}

export function costHandlers(costs: CostService, panes: PaneManager): Pick<CallHandlers, CostCalls> {
  return {
    'costs.report': ({ range }) => costs.report(range),
    'costs.settings': () => costs.settings(),
    'costs.setPrices': async ({ prices }) => (await costs.setPrices(prices), null),
    'costs.setDailyBudget': async ({ limit }) => (await costs.setDailyBudget(limit), null),
    'pane.setBudget': async ({ paneId, limit }) => {
      const pane = panes.list().find((listed) => listed.id === paneId)
      if (!pane) throw new HostError('not_found', `No pane ${paneId}`)
      if (pane.kind !== 'claude') throw new HostError('invalid_input', 'Only Claude panes have a cost to budget: Tessera reads their usage from the transcripts.')
      await costs.setPaneBudget(paneId, limit)
      return panes.list().find((listed) => listed.id === paneId) ?? pane
    }
  }
}
