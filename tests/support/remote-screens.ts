import type { PaneInfo } from '../../src/shared/bridge.ts'
import { CatchUp } from '../../src/renderer/src/terminal/catch-up.ts'
import type { BridgeClient } from './bridge-client.ts'
import { createConditionWaiter } from './condition-waiter.ts'
import { HeadlessScreen } from './screen.ts'

/** What a page does when the host skipped ahead: the newest output replaces the picture. */
const CLEAR_SCREEN_AND_SCROLLBACK = '\x1b[0m\x1b[H\x1b[2J\x1b[3J'

interface RemotePane {
  screen: HeadlessScreen
  catchUp: CatchUp
  /** Everything written to the screen, backlog first. */
  output: string
  attached?: Promise<HeadlessScreen>
}

/**
 * The panes of a host seen over the bridge the way a page sees them: each pane's
 * `pane.attach` backlog joined to its live `pane.data` frames by the renderer's own
 * CatchUp (no gap, no repeat), parsed by a headless xterm at the pane's size and
 * acknowledged; and every PaneInfo the host announced, in order.
 */
export class RemoteScreens {
  private readonly panes = new Map<string, RemotePane>()
  private readonly infos = new Map<string, PaneInfo[]>()
  private readonly waiter = createConditionWaiter()
  private readonly unsubscribes: Array<() => void>

  constructor(private readonly bridge: BridgeClient) {
    this.unsubscribes = [
      bridge.on('pane.data', ({ paneId, data, offset, replace }) => this.pane(paneId).catchUp.receive(offset, data, replace)),
      bridge.on('panes.changed', ({ panes }) => this.record(panes)),
      // A status change comes as its own event, not as panes.changed: it updates the latest info.
      bridge.on('pane.status', ({ paneId, status }) => {
        const latest = this.latest(paneId)
        if (latest) this.record([{ ...latest, status }])
      })
    ]
  }

  /** Attaches to the pane once; resolves when its backlog is parsed. */
  attach(paneId: string): Promise<HeadlessScreen> {
    const pane = this.pane(paneId)
    pane.attached ??= this.bridge.call('pane.attach', { paneId }).then(async ({ pane: info, backlog, end }) => {
      // The backlog was printed at the PTY's size: parse it at that size.
      pane.screen.resize(info.cols, info.rows)
      // Acknowledgements count live frames only; a page does not ack its backlog either.
      if (backlog) this.show(paneId, backlog, 0)
      pane.catchUp.answered(end)
      await pane.screen.flushed()
      return pane.screen
    })
    return pane.attached
  }

  screen(paneId: string): HeadlessScreen {
    return this.pane(paneId).screen
  }

  /** Everything the pane's screen was given, escape sequences included. */
  output(paneId: string): string {
    return this.pane(paneId).output
  }

  /** Every PaneInfo seen for the pane (from pane.list, panes.changed and pane.status), oldest first. */
  seen(paneId: string): readonly PaneInfo[] {
    return this.infos.get(paneId) ?? []
  }

  latest(paneId: string): PaneInfo | undefined {
    return this.seen(paneId).at(-1)
  }

  /** The pane's info once `match` holds, following panes.changed (seeded from pane.list); fails after timeoutMs with the last info seen. */
  async paneWhere(paneId: string, match: (info: PaneInfo) => boolean, timeoutMs = 30_000, description = 'a pane condition'): Promise<PaneInfo> {
    this.record(await this.bridge.call('pane.list', {}))
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; last seen: ${JSON.stringify(this.latest(paneId))}`)), timeoutMs)
    })
    const held = this.waiter.until(() => {
      const info = this.latest(paneId)
      return info !== undefined && match(info)
    })
    try {
      await Promise.race([held, timedOut])
    } finally {
      clearTimeout(timer)
    }
    return this.latest(paneId) as PaneInfo
  }

  dispose(): void {
    this.unsubscribes.forEach((unsubscribe) => unsubscribe())
    this.panes.forEach((pane) => pane.screen.dispose())
  }

  private pane(paneId: string): RemotePane {
    let pane = this.panes.get(paneId)
    if (!pane) {
      const info = this.latest(paneId)
      const screen = new HeadlessScreen({ cols: info?.cols ?? 80, rows: info?.rows ?? 24 })
      const catchUp = new CatchUp({
        write: (data) => this.show(paneId, data),
        skip: (chars) => this.ack(paneId, chars),
        replace: (data) => this.show(paneId, CLEAR_SCREEN_AND_SCROLLBACK + data, data.length)
      })
      pane = { screen, catchUp, output: '' }
      this.panes.set(paneId, pane)
    }
    return pane
  }

  /** Parses output on the pane's screen, then acknowledges the characters the host sent. */
  private show(paneId: string, data: string, sentChars = data.length): void {
    const pane = this.pane(paneId)
    pane.output += data
    void pane.screen.write(data).then(() => this.ack(paneId, sentChars))
  }

  private ack(paneId: string, chars: number): void {
    if (chars > 0) this.bridge.call('pane.ack', { paneId, chars }).catch(() => undefined) // the host may be gone already
  }

  private record(panes: readonly PaneInfo[]): void {
    for (const info of panes) {
      const seen = this.infos.get(info.id) ?? []
      seen.push(info)
      this.infos.set(info.id, seen)
      const screen = this.panes.get(info.id)?.screen
      // The host decides the PTY's size; the screen follows, as a page's terminal does.
      if (screen && (screen.cols !== info.cols || screen.rows !== info.rows)) screen.resize(info.cols, info.rows)
    }
    this.waiter.notify()
  }
}
