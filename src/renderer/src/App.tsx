import { useEffect, useState } from 'react'
import { connect } from './bridge/connect'
import { Workspace } from './components/Workspace'
import { HostConnectedContext } from './state/connection'
import { WorkbenchContext } from './state/context'
import { useStore } from './state/store'
import { Workbench } from './state/workbench'

type Connection = { state: 'connecting' } | { state: 'ready'; workbench: Workbench } | { state: 'failed'; message: string }

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export function App(): React.JSX.Element {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' })
  const [disconnected, setDisconnected] = useState(false)

  useEffect(() => {
    let cancelled = false
    let workbench: Workbench | undefined
    connect(() => setDisconnected(true))
      .then(async (client) => {
        if (cancelled) return
        workbench = new Workbench(client)
        await workbench.start()
        if (!cancelled) setConnection({ state: 'ready', workbench })
      })
      .catch((error: unknown) => {
        if (!cancelled) setConnection({ state: 'failed', message: errorText(error) })
      })
    return () => {
      cancelled = true
      workbench?.dispose()
    }
  }, [])

  return (
    <div className="app" data-disconnected={disconnected ? '' : undefined}>
      {disconnected && (
        <div className="banner" role="alert">
          Disconnected from the Tessera host. Restart it and reload this page.
        </div>
      )}
      {connection.state === 'connecting' && <div className="status">Connecting…</div>}
      {connection.state === 'failed' && (
        <div className="banner" role="alert">
          {connection.message}
        </div>
      )}
      {connection.state === 'ready' && (
        <WorkbenchContext value={connection.workbench}>
          <HostConnectedContext value={!disconnected}>
            <ThemeRoot workbench={connection.workbench} />
            <Workspace />
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
