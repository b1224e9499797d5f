import { z } from 'zod'
import { PaneCost, PriceTable } from '../../shared/costs'
import type { DocumentSpec } from '../persistence'

const PaneCosts = z.object({
  /** Every Claude session the pane ran: its first, the ones /clear started, and after a restart the same ones. */
  sessionIds: z.array(z.string()),
  /** What the cost panel calls it once it is closed. */
  label: z.string(),
  closed: z.boolean().optional(),
  budget: z.number().positive().optional(),
  /** The last figures shown, so a restart shows them before the transcripts are read again. */
  lastCost: PaneCost.optional()
})
export type PaneCosts = z.output<typeof PaneCosts>

const Costs = z.object({
  panes: z.record(z.string(), PaneCosts),
  /** The user's price table; null: the defaults. */
  prices: PriceTable.nullable(),
  dailyBudget: z.number().positive().nullable()
})
export type Costs = z.output<typeof Costs>

/** Which sessions each pane ran, budgets and prices: the rest is recounted from the transcripts. */
export const costsDocument: DocumentSpec<Costs> = {
  name: 'costs',
  schemaVersion: 1,
  schema: Costs,
  defaults: () => ({ panes: {}, prices: null, dailyBudget: null }),
  // Version 1 is the first: there is nothing older to migrate yet.
  migrate: (_data, fromVersion) => {
    throw new Error(`no migration from schema ${fromVersion}`)
  }
}
