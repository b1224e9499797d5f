import { useAppState, useWorkbench } from '../state/context'
import { CloseIcon } from './Icons'

/** What the host's start could not restore (each with where its copy was kept), or that it set the saved workspace aside. */
export function RecoveryBanner(): React.JSX.Element | null {
  const workbench = useWorkbench()
  const report = useAppState((s) => s.recovery)
  if (!report) return null
  return (
    <div className="banner recovery-banner" role="status" aria-label="Recovery report">
      <ul>
        {report.setAside && <li>Started with an empty grid. The saved workspace was kept in {report.setAside}</li>}
        {report.problems.map((problem, index) => (
          <li key={index}>
            {problem.message}
            {problem.backupPath && ` (a copy was kept in ${problem.backupPath})`}
          </li>
        ))}
      </ul>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => workbench.dismissRecovery()}>
        <CloseIcon />
      </button>
    </div>
  )
}
