import type { PaneInfo } from '../../../shared/bridge'
import { useNow } from '../state/clock'
import { useWorkbench } from '../state/context'
import { crashRestartBadge } from './crash-restart-text'
import { TextBadge } from './PaneState'

/**
 * A crashed agent's way back: "Restarting in 5s (try 2 of 3)" with Cancel, which calls it
 * off and turns restarts after a crash off for this pane (in the Restart button's place:
 * the restart is coming), or why the pane stays crashed after the last try.
 */
export function CrashRestartBadge({ pane, dot, overflow }: { pane: PaneInfo | undefined; dot: boolean; overflow: boolean }): React.JSX.Element | null {
  const workbench = useWorkbench()
  const now = useNow()
  const badge = crashRestartBadge(pane, now)
  if (!pane || !badge) return null
  return (
    <>
      <TextBadge className={badge.gaveUp ? 'failed' : 'exited'} text={badge.text} title={badge.detail} dot={dot} />
      {/* A narrow header has the same switch in its "⋯" menu. */}
      {!badge.gaveUp && !overflow && (
        <button
          type="button"
          className="text-button"
          aria-label="Don't restart this pane after a crash"
          title="Call this restart off and turn restarts after a crash off for this pane"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => workbench.setAutoRestart(pane.id, false)}
        >
          Cancel
        </button>
      )}
    </>
  )
}
