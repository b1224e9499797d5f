import { z } from 'zod'

// Where the desktop window opens: where it was, if a person can still reach it there,
// else on the primary display. Plain TypeScript (no electron), so it is unit-tested.

/** What is saved when the window moves or closes: its normal (un-maximized) bounds. */
export const SavedWindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
  displayId: z.number().optional()
})
export type SavedWindowState = z.infer<typeof SavedWindowState>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface Size {
  width: number
  height: number
}

/** A display as Electron's screen module describes it; workArea leaves out task bars and docks. */
export interface DisplayArea {
  id: number
  workArea: Rect
}

export interface Screens {
  primary: DisplayArea
  displays: readonly DisplayArea[]
}

export interface Placement {
  bounds: Rect
  maximized: boolean
}

export const DEFAULT_WINDOW_SIZE: Size = { width: 1280, height: 800 }
export const MIN_WINDOW_SIZE: Size = { width: 640, height: 400 }

/** The strip along the window's top that a person drags it by. */
const GRAB_STRIP_HEIGHT = 32
/** How much of that strip must be on a display. Half its height: frames often sit a few pixels past an edge. */
const MIN_GRAB: Size = { width: 100, height: GRAB_STRIP_HEIGHT / 2 }

/** `saved` is whatever was read back from disk: anything that is not a saved state means defaults. */
export function placeWindow(saved: unknown, screens: Screens): Placement {
  const parsed = SavedWindowState.safeParse(saved)
  if (!parsed.success) return { bounds: centred(DEFAULT_WINDOW_SIZE, screens.primary.workArea), maximized: false }
  const { x, y, maximized, displayId } = parsed.data
  const size = atLeast(parsed.data, MIN_WINDOW_SIZE)
  const bounds = { x, y, ...size }
  const home = reachableOn(bounds, screens.displays, displayId)
  return {
    bounds: home ? fitted(bounds, home.workArea) : centred(size, screens.primary.workArea),
    maximized
  }
}

/** The display the window can be grabbed on: the one it was saved on if it still can, else the one showing most of its strip. */
function reachableOn(bounds: Rect, displays: readonly DisplayArea[], savedId: number | undefined): DisplayArea | undefined {
  const strip = { ...bounds, height: GRAB_STRIP_HEIGHT }
  const grabbable = displays
    .map((display) => ({ display, overlap: intersection(strip, display.workArea) }))
    .filter(({ overlap }) => overlap.width >= MIN_GRAB.width && overlap.height >= MIN_GRAB.height)
  const saved = grabbable.find(({ display }) => display.id === savedId)
  if (saved) return saved.display
  return grabbable.sort((a, b) => area(b.overlap) - area(a.overlap))[0]?.display
}

/** Kept where it is; an axis longer than the work area is cut to it and starts at its edge. */
function fitted(bounds: Rect, area: Rect): Rect {
  const fitsWide = bounds.width <= area.width
  const fitsTall = bounds.height <= area.height
  return {
    x: fitsWide ? bounds.x : area.x,
    y: fitsTall ? bounds.y : area.y,
    width: fitsWide ? bounds.width : area.width,
    height: fitsTall ? bounds.height : area.height
  }
}

function centred(size: Size, area: Rect): Rect {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height
  }
}

function atLeast(size: Size, min: Size): Size {
  return { width: Math.max(size.width, min.width), height: Math.max(size.height, min.height) }
}

function intersection(a: Rect, b: Rect): Size {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(width, 0), height: Math.max(height, 0) }
}

function area(size: Size): number {
  return size.width * size.height
}
