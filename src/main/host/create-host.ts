import { BridgeDispatcher, EventHub, type CallHandlers } from '../bridge'
import { detectAgents } from '../agents'
import { LayoutService } from '../layout'
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
  layout: LayoutService
  dispose(): Promise<void>
}

/** Wires the host-neutral services to the bridge; both the desktop and browser hosts start here. */
export function createHost(options: HostOptions): Host {
  const events = new EventHub()
  const layout = new LayoutService((tree) => events.emit('layout.changed', { layout: tree }))
  const panes = new PaneManager(
    {
      onData: (paneId, data) => events.emit('pane.data', { paneId, data }),
      onExit: (paneId, exitCode, signal) => events.emit('pane.exit', { paneId, exitCode, signal }),
      onChanged: (list) => events.emit('panes.changed', { panes: list })
    },
    options.log.child('pty'),
    options.defaultCwd
  )
  const handlers: CallHandlers = {
    'app.info': () => ({ version: options.version, platform: process.platform, host: options.kind }),
    'agents.list': () => detectAgents(),
    'pane.list': () => panes.list(),
    'pane.create': ({ beside, ...request }) => {
      // Validate the placement before a process starts, so a bad target costs nothing.
      if (beside) layout.assertPane(beside.paneId)
      const pane = panes.create(request)
      layout.addPane(pane.id, beside)
      return pane
    },
    'pane.restart': ({ paneId }) => panes.restart(paneId),
    'pane.attach': ({ paneId }) => panes.attach(paneId),
    'pane.ack': ({ paneId, chars }) => (panes.ack(paneId, chars), null),
    'pane.write': ({ paneId, data }) => (panes.write(paneId, data), null),
    'pane.resize': ({ paneId, cols, rows }) => (panes.resize(paneId, cols, rows), null),
    'pane.close': async ({ paneId }) => {
      await panes.close(paneId)
      layout.removePane(paneId)
      return null
    },
    'layout.get': () => layout.get(),
    'layout.resize': ({ splitId, sizes }) => (layout.resize(splitId, sizes), null),
    'layout.equalize': () => (layout.equalize(), null),
    'layout.zoom': ({ paneId }) => (layout.zoom(paneId), null),
    'layout.move': ({ paneId, targetPaneId, edge }) => (layout.move(paneId, targetPaneId, edge), null),
    'layout.swap': ({ paneId, otherPaneId }) => (layout.swap(paneId, otherPaneId), null)
  }
  return {
    dispatcher: new BridgeDispatcher(handlers, options.log.child('bridge')),
    events,
    panes,
    layout,
    dispose: () => panes.closeAll()
  }
}
