import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import { useEffect, useRef, useState } from 'react'
import type { PaneInfo, TesseraClient } from '../../../shared/bridge'

interface Props {
  client: TesseraClient
  pane: PaneInfo
}

const RESIZE_DEBOUNCE_MS = 50

/** One pane: a header and an xterm.js terminal bound to a host PTY. */
export function TerminalPane({ client, pane }: Props): React.JSX.Element {
  const hostRef = useRef<HTMLDivElement>(null)
  const [exit, setExit] = useState(pane.exit)

  useEffect(() => {
    const container = hostRef.current
    if (!container) return
    const term = new Terminal({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 10_000,
      theme: { background: '#1e1e1e' }
    })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(container)
    fit.fit()

    const report = (error: unknown): void => term.write(`\r\n\x1b[31m[tessera] ${String(error)}\x1b[0m\r\n`)
    const subscriptions = [
      client.on('pane.data', ({ paneId, data }) => paneId === pane.id && term.write(data)),
      client.on('pane.exit', (event) => event.paneId === pane.id && setExit({ exitCode: event.exitCode, signal: event.signal }))
    ]
    client
      .call('pane.attach', { paneId: pane.id })
      .then(({ backlog }) => term.write(backlog))
      .catch(report)
    const input = term.onData((data) => void client.call('pane.write', { paneId: pane.id, data }).catch(report))

    // The PTY must always have the geometry xterm.js draws with.
    const sendSize = (): void => void client.call('pane.resize', { paneId: pane.id, cols: term.cols, rows: term.rows }).catch(report)
    sendSize()
    let timer: number | undefined
    const observer = new ResizeObserver(() => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => {
        fit.fit()
        sendSize()
      }, RESIZE_DEBOUNCE_MS)
    })
    observer.observe(container)
    term.focus()

    return () => {
      window.clearTimeout(timer)
      observer.disconnect()
      input.dispose()
      for (const unsubscribe of subscriptions) unsubscribe()
      term.dispose()
    }
  }, [client, pane.id])

  return (
    <section className="pane" aria-label={`Terminal ${pane.title}`}>
      <header className="pane-header">
        <span className="pane-title">{pane.title}</span>
        {exit && <span className="pane-exit">exited with code {exit.exitCode}</span>}
      </header>
      <div className="pane-terminal" ref={hostRef} data-pane-id={pane.id} />
    </section>
  )
}
