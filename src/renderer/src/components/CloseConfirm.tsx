import { useEffect, useState } from 'react'
import { paneTitle } from '../grid/pane-title'
import { useAppState, useWorkbench } from '../state/context'
import { Dialog } from './Dialog'

/** Asks before closing a pane that is working, waiting for the user or running a job. */
export function CloseConfirm(): React.JSX.Element | null {
  const workbench = useWorkbench()
  const request = useAppState((s) => s.closeRequest)
  const paneId = request?.paneId
  const pane = useAppState((s) => (paneId ? s.panes[paneId] : undefined))
  const oscTitle = useAppState((s) => (paneId ? s.titles[paneId] : undefined))
  const agents = useAppState((s) => s.agents)
  const [dontAsk, setDontAsk] = useState(false)
  // Closed from another window meanwhile: nothing left to ask about.
  const gone = !pane
  useEffect(() => {
    if (gone) workbench.answerClose(false)
  }, [gone, workbench])
  if (!pane || !request) return null
  const title = paneTitle(pane, oscTitle, agents)
  return (
    <Dialog title="Close this pane?" onClose={() => workbench.answerClose(false)} className="close-confirm">
      <p>
        <strong>{title}</strong> {request.doing}. Closing the pane ends its process.
      </p>
      <label className="check">
        <input type="checkbox" checked={dontAsk} onChange={(event) => setDontAsk(event.target.checked)} />
        Don’t ask again
      </label>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => workbench.answerClose(false)}>
          Cancel
        </button>
        <button type="button" className="button primary" data-autofocus onClick={() => workbench.answerClose(true, dontAsk)}>
          Close pane
        </button>
      </div>
    </Dialog>
  )
}
