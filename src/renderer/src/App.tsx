import { useEffect, useState } from 'react'
import type { PaneInfo, TesseraClient } from '../../shared/bridge'
import { connect } from './bridge/connect'
import { TerminalPane } from './components/TerminalPane'

type Connection =
  | { state: 'connecting' }
  | { state: 'ready'; client: TesseraClient; pane: PaneInfo }
  | { state: 'failed'; message: string }

const INITIAL_SIZE = { cols: 80, rows: 24 }

/** Shows the host's first pane, creating one when the host has none. */
async function openFirstPane(client: TesseraClient): Promise<PaneInfo> {
  const panes = await client.call('pane.list', {})
  return panes.find((pane) => !pane.exit) ?? client.call('pane.create', { kind: 'shell', ...INITIAL_SIZE })
}

export function App(): React.JSX.Element {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' })
  const [disconnected, setDisconnected] = useState(false)

  useEffect(() => {
    let cancelled = false
    connect(() => setDisconnected(true))
      .then(async (client) => {
        const pane = await openFirstPane(client)
        if (!cancelled) setConnection({ state: 'ready', client, pane })
      })
      .catch((err: unknown) => {
        if (!cancelled) setConnection({ state: 'failed', message: err instanceof Error ? err.message : String(err) })
      })
    return () => {
      cancelled = true
    }
  }, [])

  return (
    <div className="app">
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
      {connection.state === 'ready' && <TerminalPane client={connection.client} pane={connection.pane} />}
    </div>
  )
}
