import type { PaneInfo } from '../../shared/bridge'
import { countStates, needsAttention, STATE_LABELS, URGENCY, type AgentState } from '../../shared/status'

/** The tray image: the most urgent state across panes. */
export type TrayIcon = 'none' | 'idle' | 'working' | 'waiting' | 'error'

export interface TrayItem {
  paneId: string
  label: string
}

export interface TrayModel {
  icon: TrayIcon
  tooltip: string
  /** Panes that need the user, most urgent first; a click focuses one. */
  items: TrayItem[]
}

const ICON_OF: Record<AgentState, TrayIcon> = {
  waiting: 'waiting',
  error: 'error',
  crashed: 'error',
  working: 'working',
  idle: 'idle',
  starting: 'working',
  exited: 'none'
}

/** What the tray shows for these panes (pure: the Electron tray only draws it). */
export function trayModel(panes: readonly PaneInfo[]): TrayModel {
  const withStatus = panes.filter((pane): pane is PaneInfo & { status: NonNullable<PaneInfo['status']> } => !!pane.status)
  const rank = (pane: { status: { state: AgentState } }): number => URGENCY.indexOf(pane.status.state)
  const sorted = [...withStatus].sort((a, b) => rank(a) - rank(b))
  const top = sorted[0]?.status.state
  const items = sorted
    .filter((pane) => needsAttention(pane.status.state))
    .map((pane) => ({ paneId: pane.id, label: `${pane.title} — ${STATE_LABELS[pane.status.state]}${pane.status.reason ? ` (${pane.status.reason})` : ''}` }))
  return { icon: top ? ICON_OF[top] : 'none', tooltip: tooltipFor(withStatus.map((pane) => pane.status.state)), items }
}

function tooltipFor(states: readonly AgentState[]): string {
  if (states.length === 0) return 'Tessera — no panes'
  const counts = countStates(states)
  const parts = URGENCY.flatMap((state) => (counts[state] ? [`${counts[state]} ${STATE_LABELS[state].toLowerCase()}`] : []))
  return `Tessera — ${parts.join(', ')}`
}

const ICON_COLORS: Record<TrayIcon, [number, number, number]> = {
  none: [138, 145, 163],
  idle: [158, 206, 106],
  working: [122, 162, 247],
  waiting: [224, 175, 104],
  error: [247, 118, 142]
}

/**
 * A round tray image as raw BGRA pixels (what Electron's nativeImage.createFromBitmap
 * takes), so the tray needs no image files per state.
 */
export function trayBitmap(icon: TrayIcon, size = 16): Buffer {
  const [r, g, b] = ICON_COLORS[icon]
  const pixels = Buffer.alloc(size * size * 4)
  const center = (size - 1) / 2
  const radius = size / 2 - 1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Anti-aliased edge: full inside, fading over the last pixel.
      const alpha = Math.max(0, Math.min(1, radius - Math.hypot(x - center, y - center) + 0.5))
      const offset = (y * size + x) * 4
      pixels[offset] = b
      pixels[offset + 1] = g
      pixels[offset + 2] = r
      pixels[offset + 3] = Math.round(alpha * 255)
    }
  }
  return pixels
}
