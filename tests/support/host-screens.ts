import type { Host } from '../../src/main/host'
import { HeadlessScreen } from './screen.ts'

/**
 * A headless screen per pane of a host, fed from its pane.data events and acking
 * what it parsed (as the renderer does), so flow control never pauses a pane.
 */
export class HostScreens {
  private readonly screens = new Map<string, HeadlessScreen>()
  private readonly unsubscribe: () => void

  constructor(private readonly host: Host) {
    this.unsubscribe = host.events.subscribe((name, payload) => {
      if (name !== 'pane.data') return
      const { paneId, data } = payload as { paneId: string; data: string }
      void this.screen(paneId)
        .write(data)
        .then(() => host.panes.ack(paneId, data.length))
    })
  }

  screen(paneId: string): HeadlessScreen {
    let screen = this.screens.get(paneId)
    if (!screen) {
      const pane = this.host.panes.list().find((info) => info.id === paneId)
      screen = new HeadlessScreen({ cols: pane?.cols ?? 120, rows: pane?.rows ?? 40 })
      this.screens.set(paneId, screen)
    }
    return screen
  }

  dispose(): void {
    this.unsubscribe()
    this.screens.forEach((screen) => screen.dispose())
  }
}
