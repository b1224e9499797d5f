import { useWorkbench } from '../../state/context'
import { Dialog } from '../Dialog'

/** Presets and workspace defaults (being built). */
export function SettingsDialog(): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <Dialog title="Presets and settings" className="settings" onClose={() => workbench.setOverlay(null)}>
      <p className="dialog-footnote">Coming next.</p>
    </Dialog>
  )
}
