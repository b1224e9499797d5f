import type { EventPayload } from '../../shared/bridge'
import { BridgeDispatcher, EventHub, type CallHandlers } from '../bridge'
import type { Logger } from '../log'
import { PaneManager } from '../pty'

export interface HostOptions {
  kind: 'desktop' | 'browser'
  version: string
  /** Where a new pane starts when the client names no folder. */
  defaultCwd: string
  log: Logger
}

export interface Host {
  dispatcher: BridgeDispatcher
  events: EventHub
  panes: PaneManager
  dispose(): Promise<void>
}

/** Wires the host-neutral services to the bridge; both the desktop and browser hosts start here. */
export function createHost(options: HostOptions): Host {
  const events = new EventHub()
  const panes = new PaneManager(
    {
      onData: (paneId, data) => events.emit('pane.data', { paneId, data }),
      onExit: (paneId, exitCode, signal) => events.emit('pane.exit', { paneId, exitCode, signal }),
      onChanged: (list) => events.emit('panes.changed', { panes: list } satisfies EventPayload<'panes.changed'>)
    },
    options.log.child('pty'),
    options.defaultCwd
  )
  const handlers: CallHandlers = {
    'app.info': () => ({ version: options.version, platform: process.platform, host: options.kind }),
    'pane.list': () => panes.list(),
    'pane.create': (input) => panes.create(input),
    'pane.attach': ({ paneId }) => panes.attach(paneId),
    'pane.write': ({ paneId, data }) => (panes.write(paneId, data), null),
    'pane.resize': ({ paneId, cols, rows }) => (panes.resize(paneId, cols, rows), null),
    'pane.close': async ({ paneId }) => (await panes.close(paneId), null)
  }
  return {
    dispatcher: new BridgeDispatcher(handlers, options.log.child('bridge')),
    events,
    panes,
    dispose: () => panes.closeAll()
  }
}
