import { useWorkbench } from '../state/context'
import { formatLimit, rowCostText } from './cost-format'
import { useCostReport } from './use-cost-report'
import './costs.css'

/** The toolbar asks for today's figure at most this often while usage keeps arriving. */
const REFRESH_MS = 2000

/** Today's spend in the toolbar; it opens the cost panel. Amber or red once the daily budget is near or crossed. */
export function CostButton(): React.JSX.Element {
  const workbench = useWorkbench()
  const { report } = useCostReport('today', REFRESH_MS)
  const spent = report ? rowCostText(report.total) : '…'
  const budget = report?.dailyBudget
  const budgetNote = budget ? ` of the ${formatLimit(budget.limit)} daily budget${budget.state === 'exceeded' ? ' (exceeded)' : ''}` : ''
  const label = `Spent today: ${spent}${budgetNote}. Open the cost panel`
  return (
    <button
      type="button"
      className="button cost-button"
      data-budget={budget && budget.state !== 'ok' ? budget.state : undefined}
      aria-label={label}
      title={label}
      onClick={() => workbench.setOverlay('costs')}
    >
      <span className="cost-button-amount">{spent}</span>
      <span className="cost-button-unit">today</span>
    </button>
  )
}
