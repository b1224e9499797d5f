import { AGENT_GAP, HEADER_GAP, type HeaderParts } from './header-plan'

// The natural widths of a header's parts, from their texts. Pure: `measure` is a
// canvas in the page and a fixed width per character in the unit tests. The
// paddings mirror styles.css (.status-badge, .pane-badge, .preset-chip, .model-picker).

/** Width in px of `text` in the header's font at `size` px. */
export type Measure = (text: string, size: number) => number

export interface HeaderContent {
  /** The creator mark's text ("via <client>"). */
  creator?: string
  /** The folder beside a program's own title. */
  cwd?: string
  preset?: string
  pending?: string
  /** The picker's shown label and how many warning icons sit beside it. */
  picker?: { label: string; notes: number }
  status?: { label: string; reason: boolean }
  /** The exit, skipping, start-failure and budget badges' texts. */
  badges: readonly string[]
  restart: boolean
  /** A Claude pane's cost texts; its context as a bar, or as tokens when the window is unknown. */
  cost?: { full: string; short: string; bar: boolean; tokens?: string }
}

const BADGE_PADDING = 14
/** A badge shown as a dot is padded less (pane-header.css). */
const DOT_PADDING = 8
const STATUS_DOT = 7
const BADGE_GAP = 5
/** The widest duration the badge shows ("59m"), so the plan does not change every second. */
const DURATION_SAMPLE = '59m'
const CHIP_PADDING = 12
const PENDING_BORDER = 2
/** Padding, border and the native arrow of a <select>. */
const SELECT_CHROME = 30
export const PICKER_MAX = 150
export const PICKER_COMPACT = 56
const NOTE_ICON = 14
/** Padding, border, icon and gap of the Restart text button. */
const RESTART_CHROME = 32
/** The cost button's padding, and the gap before its context bar (pane-header.css .pane-cost). */
const COST_CHROME = 8
const COST_GAP = 6
export const CONTEXT_BAR = 40
export const CONTEXT_BAR_COMPACT = 16

const sum = (widths: readonly number[], gap: number): number =>
  widths.length ? widths.reduce((total, width) => total + width, 0) + (widths.length - 1) * gap : 0

export function headerParts(content: HeaderContent, measure: Measure): HeaderParts {
  const chips = [
    ...(content.preset ? [measure(content.preset, 11) + CHIP_PADDING] : []),
    ...(content.pending ? [measure(content.pending, 11) + CHIP_PADDING + PENDING_BORDER] : [])
  ]
  const fullBadges: number[] = []
  const dots: number[] = []
  if (content.status) {
    const { label, reason } = content.status
    // The reason shrinks to nothing (a grid track of minmax(0, …)) but keeps its gap.
    fullBadges.push(BADGE_PADDING + STATUS_DOT + measure(label, 11) + measure(DURATION_SAMPLE, 11) + BADGE_GAP * (reason ? 3 : 2))
    dots.push(DOT_PADDING + STATUS_DOT)
  }
  for (const text of content.badges) {
    fullBadges.push(BADGE_PADDING + measure(text, 11))
    dots.push(DOT_PADDING + STATUS_DOT)
  }
  const parts: HeaderParts = { badges: { full: sum(fullBadges, HEADER_GAP), dots: sum(dots, HEADER_GAP) } }
  if (content.creator) parts.creator = measure(content.creator, 11) + CHIP_PADDING + PENDING_BORDER
  if (content.cwd) parts.cwd = measure(content.cwd, 12)
  if (chips.length) parts.preset = sum(chips, AGENT_GAP)
  if (content.picker) {
    const notes = content.picker.notes * (NOTE_ICON + AGENT_GAP)
    parts.picker = { full: Math.min(PICKER_MAX, measure(content.picker.label, 12) + SELECT_CHROME) + notes, compact: PICKER_COMPACT }
  }
  if (content.restart) parts.restart = RESTART_CHROME + measure('Restart', 11)
  if (content.cost) parts.cost = costWidths(content.cost, measure)
  return parts
}

function costWidths(cost: NonNullable<HeaderContent['cost']>, measure: Measure): { full: number; compact: number } {
  const context = cost.bar ? CONTEXT_BAR : cost.tokens ? measure(cost.tokens, 11) : 0
  // Compact: a short bar; tokens without a window stay in the tooltip.
  const compactContext = cost.bar ? CONTEXT_BAR_COMPACT : 0
  const width = (text: string, extra: number): number => COST_CHROME + measure(text, 12) + (extra ? COST_GAP + extra : 0)
  return { full: width(cost.full, context), compact: width(cost.short, compactContext) }
}
