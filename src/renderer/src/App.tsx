import { useEffect, useState, useSyncExternalStore } from 'react'
import type { TesseraClient } from '../../shared/bridge'
import { hostLink } from './bridge/connect'
import { Workspace } from './components/Workspace'
import { HostConnectedContext } from './state/connection'
import { WorkbenchContext } from './state/context'
import { HostSession } from './state/host-session'
import { linkBanner } from './state/link-banner'
import { useStore } from './state/store'
import { Workbench } from './state/workbench'

/** A workbench for a new connection; the user's focus carries over from the one it replaces. */
function nextWorkbench(client: TesseraClient, previous: Workbench | null): Workbench {
  const workbench = new Workbench(client)
  const focusedId = previous?.store.get().focusedId
  if (focusedId) workbench.store.update({ focusedId })
  return workbench
}

export function App(): React.JSX.Element {
  const [session] = useState(() => new HostSession(hostLink, nextWorkbench))
  useEffect(() => {
    session.start()
    return () => session.stop()
  }, [session])
  const { link, workbench, generation } = useSyncExternalStore(session.subscribe, session.get)
  const connected = link.phase === 'connected'
  const banner = linkBanner(link, workbench !== null)

  return (
    <div className="app" data-disconnected={workbench && !connected ? '' : undefined}>
      {banner && (
        <div className="banner" role="alert">
          {banner}
        </div>
      )}
      {link.phase === 'connecting' && !workbench && <div className="status">Connecting…</div>}
      {workbench && (
        <WorkbenchContext value={workbench}>
          <HostConnectedContext value={connected}>
            <ThemeRoot workbench={workbench} />
            {/* A new connection is a new host's panes: everything under it is built afresh. */}
            <Workspace key={generation} />
          </HostConnectedContext>
        </WorkbenchContext>
      )}
    </div>
  )
}

/** Keeps <html data-theme> in step with the chosen theme (CSS variables hang off it). */
function ThemeRoot({ workbench }: { workbench: Workbench }): null {
  const theme = useStore(workbench.store, (s) => s.view.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return null
}
