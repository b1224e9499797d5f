import { describe, expect, it } from 'vitest'
import { placeWindow, type DisplayArea, type Screens } from '../../src/main/shell/window-placement'

// A laptop (primary, with a 40 px task bar at the bottom) and a monitor to its right.
const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
const monitor: DisplayArea = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }
const both: Screens = { primary: laptop, displays: [laptop, monitor] }
const laptopOnly: Screens = { primary: laptop, displays: [laptop] }

describe('placeWindow', () => {
  it('opens 1280x800, centred on the primary display, when nothing was saved', () => {
    expect(placeWindow(undefined, both)).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: false
    })
  })

  it('opens where it was on a display that is still there', () => {
    const saved = { x: 2100, y: 200, width: 1500, height: 900, maximized: false, displayId: 2 }
    expect(placeWindow(saved, both)).toEqual({
      bounds: { x: 2100, y: 200, width: 1500, height: 900 },
      maximized: false
    })
  })

  it('moves to the primary display, keeping its size, when its display was unplugged', () => {
    const saved = { x: 2100, y: 200, width: 1500, height: 900, maximized: false, displayId: 2 }
    expect(placeWindow(saved, laptopOnly)).toEqual({
      bounds: { x: 210, y: 70, width: 1500, height: 900 },
      maximized: false
    })
  })

  it('stays where it was when partly off-screen but its title bar can still be grabbed', () => {
    const saved = { x: -1000, y: 600, width: 1200, height: 800, maximized: false, displayId: 1 }
    expect(placeWindow(saved, laptopOnly).bounds).toEqual({ x: -1000, y: 600, width: 1200, height: 800 })
  })

  it('moves to the primary display when only a sliver of its title bar would show', () => {
    const saved = { x: -1150, y: 600, width: 1200, height: 800, maximized: false, displayId: 1 }
    expect(placeWindow(saved, laptopOnly).bounds).toEqual({ x: 360, y: 120, width: 1200, height: 800 })
  })

  it('moves to the primary display when it is entirely off every display', () => {
    const saved = { x: 5000, y: 3000, width: 1000, height: 700, maximized: false, displayId: 2 }
    expect(placeWindow(saved, both).bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 })
  })

  it('moves to the primary display when only its body, not its title bar, is on screen', () => {
    const saved = { x: 100, y: -500, width: 1200, height: 800, maximized: false, displayId: 1 }
    expect(placeWindow(saved, laptopOnly).bounds).toEqual({ x: 360, y: 120, width: 1200, height: 800 })
  })

  it('cuts a window larger than its display down to the work area', () => {
    const saved = { x: 50, y: 30, width: 2400, height: 1300, maximized: false, displayId: 1 }
    expect(placeWindow(saved, both).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 })
  })

  it('keeps a position that fits and cuts only the axis that does not', () => {
    const saved = { x: 2000, y: 100, width: 1200, height: 1600, maximized: false, displayId: 2 }
    expect(placeWindow(saved, both).bounds).toEqual({ x: 2000, y: 0, width: 1200, height: 1440 })
  })

  it('grows a window below the minimum size to 640x400', () => {
    const saved = { x: 100, y: 100, width: 200, height: 150, maximized: false, displayId: 1 }
    expect(placeWindow(saved, both).bounds).toEqual({ x: 100, y: 100, width: 640, height: 400 })
  })

  it('carries the maximized flag, with the normal bounds to restore to', () => {
    const saved = { x: 2100, y: 200, width: 1500, height: 900, maximized: true, displayId: 2 }
    expect(placeWindow(saved, both)).toEqual({
      bounds: { x: 2100, y: 200, width: 1500, height: 900 },
      maximized: true
    })
    expect(placeWindow({ ...saved, displayId: 9 }, laptopOnly).maximized).toBe(true)
  })

  it('prefers the display it was saved on when it straddles two', () => {
    // 900 px on the laptop, 300 px on the monitor: saved on the monitor, so the monitor's area cuts its height.
    const saved = { x: 1020, y: 100, width: 1200, height: 1400, maximized: false, displayId: 2 }
    expect(placeWindow(saved, both).bounds).toEqual({ x: 1020, y: 100, width: 1200, height: 1400 })
    expect(placeWindow({ ...saved, displayId: undefined }, both).bounds).toEqual({ x: 1020, y: 0, width: 1200, height: 1040 })
  })

  it('opens at the defaults when the saved data is malformed', () => {
    const defaults = placeWindow(undefined, both)
    const malformed: unknown[] = [
      null,
      'x=1',
      {},
      { x: 10, y: 10, width: 800, height: 600 },
      { x: '10', y: 10, width: 800, height: 600, maximized: false },
      { x: 10, y: 10, width: -800, height: 600, maximized: false },
      { x: 10.5, y: 10, width: 800, height: 600, maximized: false },
      { x: Number.NaN, y: 10, width: 800, height: 600, maximized: false }
    ]
    for (const saved of malformed) expect(placeWindow(saved, both), JSON.stringify(saved)).toEqual(defaults)
  })

  it('fits the default size onto a primary display smaller than it', () => {
    const small: DisplayArea = { id: 3, workArea: { x: 0, y: 25, width: 1366, height: 743 } }
    expect(placeWindow(undefined, { primary: small, displays: [small] }).bounds).toEqual({ x: 43, y: 25, width: 1280, height: 743 })
  })
})
