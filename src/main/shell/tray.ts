import { Menu, nativeImage, Tray } from 'electron'
import { trayBitmap, type TrayModel } from '../attention'

export interface TrayActions {
  showWindow(): void
  focusPane(paneId: string): void
  quit(): void
}

/** The tray icon: draws the model trayModel() computed; the logic lives (and is tested) there. */
export class AppTray {
  private readonly tray: Tray
  private lastKey = ''

  constructor(private readonly actions: TrayActions) {
    this.tray = new Tray(imageFor('none'))
    this.tray.on('click', () => actions.showWindow())
  }

  update(model: TrayModel): void {
    const key = JSON.stringify(model)
    if (key === this.lastKey) return
    this.lastKey = key
    this.tray.setImage(imageFor(model.icon))
    this.tray.setToolTip(model.tooltip)
    const attention = model.items.map((item) => ({ label: item.label, click: () => this.actions.focusPane(item.paneId) }))
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        ...(attention.length ? attention : [{ label: 'No agent needs you', enabled: false }]),
        { type: 'separator' },
        { label: 'Show Tessera', click: () => this.actions.showWindow() },
        { label: 'Quit', click: () => this.actions.quit() }
      ])
    )
  }

  destroy(): void {
    this.tray.destroy()
  }
}

function imageFor(icon: TrayModel['icon']): Electron.NativeImage {
  return nativeImage.createFromBitmap(trayBitmap(icon), { width: 16, height: 16 })
}
