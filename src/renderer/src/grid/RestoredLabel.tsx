import type { PaneRestored } from '../../../shared/bridge'
import { useNow } from '../state/clock'
import { RESTORED_DETAIL, restoredText } from './restored-text'

/** Over a restored pane's dimmed terminal, until its new process draws: what the user is looking at. */
export function RestoredLabel({ restored }: { restored: PaneRestored }): React.JSX.Element {
  const now = useNow()
  return (
    <div className="pane-restored" role="status" data-testid="restored-label" title={RESTORED_DETAIL}>
      {restoredText(restored.savedAt, now)}
    </div>
  )
}
