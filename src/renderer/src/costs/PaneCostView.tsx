import type { PaneCost } from '../../../shared/costs'
import { TextBadge } from '../grid/PaneState'
import { useWorkbench } from '../state/context'
import { budgetText, contextLevel, contextText, contextTokensText, costTooltip, paneCostText, percentOf } from './cost-format'

interface Props {
  paneId: string
  cost: PaneCost
  /** A narrow header: the short text and a short bar (header-plan.ts). */
  compact: boolean
  /** The budget badge as a dot. */
  dot: boolean
  /** The narrowest header: the cost is in the "⋯" menu, only the budget badge stays. */
  inMenu: boolean
}

/**
 * A Claude pane's cost so far and the last request's context fill, in the header's cost
 * slot; a click sets the pane's budget. The budget badge beside it says 80 % or exceeded.
 */
export function PaneCostView({ paneId, cost, compact, dot, inMenu }: Props): React.JSX.Element {
  const workbench = useWorkbench()
  const budget = budgetText(cost.budget)
  return (
    <>
      {!inMenu && (
        <button
          type="button"
          className="pane-cost"
          aria-label={`Cost ${paneCostText(cost).full}: set a budget for this pane`}
          title={`${costTooltip(cost)}\n\nClick to set a budget for this pane`}
          // Like the header's other buttons: the keyboard stays in the terminal.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => workbench.openBudget(paneId)}
        >
          <CostSummary cost={cost} compact={compact} />
        </button>
      )}
      {budget && <TextBadge className={`budget ${cost.budget?.state ?? ''}`} text={budget} dot={dot} title={costTooltip(cost)} />}
    </>
  )
}

/** The dollars and the context bar (or its tokens when the window is unknown). */
export function CostSummary({ cost, compact }: { cost: PaneCost; compact: boolean }): React.JSX.Element {
  const text = paneCostText(cost)
  return (
    <>
      <span className="pane-cost-text">{compact ? text.short : text.full}</span>
      <ContextBar context={cost.context} compact={compact} />
    </>
  )
}

function ContextBar({ context, compact }: { context: PaneCost['context']; compact: boolean }): React.JSX.Element | null {
  if (!context) return null
  if (context.window === null) return compact ? null : <span className="context-tokens">{contextTokensText(context.tokens)}</span>
  const fill = Math.min(100, percentOf(context.tokens, context.window))
  return (
    <span
      className="context-bar"
      data-compact={compact ? '' : undefined}
      data-level={contextLevel(context.tokens, context.window)}
      data-tokens={context.tokens}
      data-window={context.window}
      aria-label={contextText(context)}
    >
      <span className="context-fill" style={{ width: `${fill}%` }} />
    </span>
  )
}

/** The cost in the "⋯" menu of the narrowest header, with its tooltip. */
export function MenuCost({ cost }: { cost: PaneCost }): React.JSX.Element {
  return (
    <span className="pane-menu-cost-value" title={costTooltip(cost)}>
      <CostSummary cost={cost} compact={false} />
    </span>
  )
}
