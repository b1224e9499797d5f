// Which parts of a pane header show at a given width. A narrowing pane gives up
// its parts in a fixed order, least useful first, so every control that is left
// keeps its full size inside the pane:
//   0. the creator mark ("via <client>" on a pane an MCP client made; its title's tooltip keeps it)
//   1. the folder name beside a program's own title
//   2. the preset chip (and the "switching after this turn" chip)
//   3. badge text: status, exit, skipping and budget badges become a dot with a tooltip
//   4. the wide forms of the model picker and the cost: a narrow picker without the id
//      it is sent as, a short context bar ("price unknown" as "$?")
//   5. the action buttons: into an overflow menu behind one "⋯" button
//   6. the model picker and the cost themselves: into that menu too (only the narrowest panes)
// Pure: the widths come in measured, so the order and the sums are unit-tested.

export const HEADER_STEPS = ['full', 'no-creator', 'no-cwd', 'no-preset', 'badge-dots', 'compact-picker', 'overflow', 'picker-in-menu'] as const
export type HeaderStep = (typeof HEADER_STEPS)[number]

export interface HeaderPlan {
  step: HeaderStep
  showCreator: boolean
  showCwd: boolean
  showPreset: boolean
  badgeDots: boolean
  compactPicker: boolean
  overflow: boolean
  pickerInMenu: boolean
}

/** The natural width (px) of each part the header may show; absent = the pane has none. */
export interface HeaderParts {
  /** The creator mark. */
  creator?: number
  cwd?: number
  /** Preset and pending-switch chips together. */
  preset?: number
  picker?: { full: number; compact: number }
  /** A Claude pane's cost and context bar, wide and compact (at the picker's steps). */
  cost?: { full: number; compact: number }
  /** Every badge (status, skipping, exit, start failure) in text and in dot form. */
  badges: { full: number; dots: number }
  /** Restart, when the process ended: an action like the others. */
  restart?: number
}

// These mirror styles.css (.pane-header, .icon-button, .pane-kind); keep them in step.
export const HEADER_PADDING = 14
export const HEADER_GAP = 8
const KIND_DOT = 8
/** The title keeps at least this much before anything else gives way. */
export const TITLE_RESERVE = 56
/** At the last step the title may shrink further, down to this. */
const TITLE_FLOOR = 12
export const ACTION_BUTTONS = 4
export const ICON_BUTTON = 24
const ACTION_GAP = 1
/** Between the chips and the picker inside the agent area (.pane-agent). */
export const AGENT_GAP = 5

const actionsWidth = (count: number): number => count * ICON_BUTTON + (count - 1) * ACTION_GAP

function planAt(step: HeaderStep): HeaderPlan {
  const index = HEADER_STEPS.indexOf(step)
  // By name, so a step added to the order moves no other step's meaning.
  const past = (name: HeaderStep): boolean => index >= HEADER_STEPS.indexOf(name)
  return {
    step,
    showCreator: !past('no-creator'),
    showCwd: !past('no-cwd'),
    showPreset: !past('no-preset'),
    badgeDots: past('badge-dots'),
    compactPicker: past('compact-picker'),
    overflow: past('overflow'),
    pickerInMenu: past('picker-in-menu')
  }
}

/** What the header needs at `plan`, the title at `title` px. */
export function headerWidth(plan: HeaderPlan, parts: HeaderParts, title: number): number {
  // The grip: kind dot and title. (The cost slot, when empty, cancels its own gap in styles.)
  const items: number[] = [KIND_DOT + HEADER_GAP + title]
  if (plan.showCreator && parts.creator) items.push(parts.creator)
  if (plan.showCwd && parts.cwd) items.push(parts.cwd)
  if (parts.picker && !plan.pickerInMenu) items.push(parts.picker[plan.compactPicker ? 'compact' : 'full'] + (plan.showPreset && parts.preset ? parts.preset + AGENT_GAP : 0))
  if (parts.cost && !plan.pickerInMenu) items.push(parts.cost[plan.compactPicker ? 'compact' : 'full'])
  const badges = plan.badgeDots ? parts.badges.dots : parts.badges.full
  if (badges) items.push(badges)
  if (plan.overflow) items.push(ICON_BUTTON)
  else {
    if (parts.restart) items.push(parts.restart)
    items.push(actionsWidth(ACTION_BUTTONS))
  }
  return HEADER_PADDING + items.reduce((sum, width) => sum + width, 0) + (items.length - 1) * HEADER_GAP
}

/** The fullest plan whose parts fit `width`; the last step when even that does not. */
export function planHeader(width: number, parts: HeaderParts): HeaderPlan {
  for (const step of HEADER_STEPS) {
    const plan = planAt(step)
    if (headerWidth(plan, parts, TITLE_RESERVE) <= width) return plan
  }
  return planAt('picker-in-menu')
}

/** The narrowest header the last step needs: the minimum pane width must not go below it. */
export function minimumHeaderWidth(parts: HeaderParts): number {
  return headerWidth(planAt('picker-in-menu'), parts, TITLE_FLOOR)
}
