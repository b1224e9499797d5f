import type { PaneInfo } from '../../../shared/bridge'
import { STATE_LABELS } from '../../../shared/status'
import { pickerLabel, visibleReason } from './agent-text'
import type { HeaderContent } from './header-parts'
import { basename } from './pane-title'
import { creatorMark, type CreatorName } from './creator-text'
import { crashRestartMeasureTexts } from './crash-restart-text'
import { budgetText, contextTokensText, paneCostText } from '../costs/cost-format'

export const SKIPPING_TEXT = 'Skipping ahead'
export const FAILED_TEXT = 'Failed to start'

/** "Exited with code 1 (signal 9)". */
export function exitText(exit: NonNullable<PaneInfo['exit']>): string {
  return `Exited with code ${exit.exitCode}${exit.signal ? ` (signal ${exit.signal})` : ''}`
}

/** Pending-switch chip text, by the agent kind's way of taking a new model. */
export function pendingText(pane: PaneInfo): string {
  return pane.kind === 'claude' ? 'switching after this turn' : 'restart to apply'
}

/** The texts a pane's header shows, for measuring its parts. */
export function headerContent(pane: PaneInfo | undefined, oscTitle: string | undefined, creatorOf?: CreatorName): HeaderContent {
  const agent = pane?.kind === 'shell' ? undefined : pane?.agent
  const badges = [
    ...(pane?.skipping ? [SKIPPING_TEXT] : []),
    ...(pane?.error ? [FAILED_TEXT] : []),
    ...(pane?.exit && !pane.error && !pane.autoRestart?.scheduled ? [exitText(pane.exit)] : []),
    ...crashRestartMeasureTexts(pane)
  ]
  const cost = headerCost(pane)
  const budget = budgetText(cost?.budget)
  if (budget) badges.push(budget)
  const content: HeaderContent = { badges, restart: Boolean(pane?.exit && !pane.error) }
  if (cost) content.cost = costContent(cost)
  const creator = creatorMark(creatorOf)
  if (creator) content.creator = creator
  if (oscTitle && pane) content.cwd = basename(pane.cwd)
  if (pane?.status) content.status = { label: STATE_LABELS[pane.status.state], reason: Boolean(visibleReason(pane.status)) }
  if (pane && agent) {
    if (agent.preset) content.preset = agent.preset
    if (agent.pendingModel) content.pending = pendingText(pane)
    content.picker = { label: pickerLabel(agent), notes: (agent.note ? 1 : 0) + (agent.permissionNote ? 1 : 0) }
  }
  return content
}

/** The cost a pane's header shows: Claude panes only, once they used something or have a budget (a new pane's "$0.00" would only take room). */
export function headerCost(pane: PaneInfo | undefined): PaneInfo['cost'] {
  const cost = pane?.kind === 'claude' ? pane.cost : undefined
  return cost && (cost.models.length > 0 || cost.budget) ? cost : undefined
}

function costContent(cost: NonNullable<PaneInfo['cost']>): NonNullable<HeaderContent['cost']> {
  const text = paneCostText(cost)
  const context = cost.context
  const bar = context !== null && context.window !== null
  return { ...text, bar, ...(context && !bar && { tokens: contextTokensText(context.tokens) }) }
}
