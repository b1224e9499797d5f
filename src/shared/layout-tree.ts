import { z } from 'zod'
import { Layout, SplitDirection, type Edge, type LayoutNode } from './layout'

// Pure, immutable operations on the split tree. Main applies them to the one
// true layout; the renderer may use the read-only ones (paneIds, neighbor,
// paneRects) to move focus. Every operation returns a new Layout and shares
// untouched subtrees, and returns the very same object when nothing changes,
// so `next === previous` is a cheap "no change" test.
//
// Invariants every operation keeps (and normalizeLayout restores):
// - every split has >= 2 children and one size per child, sizes sum to 100,
//   no share below the minimum (MIN_SHARE, or 100/n when n children cannot all get it);
// - a split never has a child split of the same direction (it would be flattened);
// - pane ids and split ids are unique; `zoomed` names a pane in the tree or is null.

export type SplitNode = Extract<LayoutNode, { type: 'split' }>
export type PaneNode = Extract<LayoutNode, { type: 'pane' }>
export type Direction = 'left' | 'right' | 'up' | 'down'
export interface Beside {
  paneId: string
  edge: Edge
}
/** A pane's place in the unit square (0..1 on both axes, y grows downwards). */
export interface PaneRect {
  paneId: string
  x: number
  y: number
  width: number
  height: number
}

/** The smallest share (percent) a child keeps, so a pane never shrinks to nothing. */
export const MIN_SHARE = 5
const SIZE_EPSILON = 1e-9
const GEOMETRY_EPSILON = 1e-9

export type LayoutErrorKind = 'not_found' | 'invalid'

export class LayoutError extends Error {
  constructor(
    readonly kind: LayoutErrorKind,
    message: string
  ) {
    super(message)
    this.name = 'LayoutError'
  }
}

export function emptyLayout(): Layout {
  return { root: null, zoomed: null }
}

// ---------------------------------------------------------------- queries

/** Pane ids in reading order: depth first, left to right in rows, top to bottom in columns. */
export function paneIds(layout: Layout): string[] {
  return layout.root ? collectPanes(layout.root, []) : []
}

export function hasPane(layout: Layout, paneId: string): boolean {
  return layout.root !== null && containsPane(layout.root, paneId)
}

export function findSplit(layout: Layout, splitId: string): SplitNode | null {
  return layout.root ? findSplitIn(layout.root, splitId) : null
}

/** Each pane's rectangle in the unit square, in reading order. */
export function paneRects(layout: Layout): PaneRect[] {
  const out: PaneRect[] = []
  if (layout.root) collectRects(layout.root, { x: 0, y: 0, width: 1, height: 1 }, out)
  return out
}

/**
 * The pane geometrically next to `paneId` in `direction`, or null at the border.
 * Among panes beyond that side which overlap it, the nearest wins; ties go to the
 * largest overlap, then the closest centre, then reading order, so the answer is
 * stable however deep the tree is.
 */
export function neighbor(layout: Layout, paneId: string, direction: Direction): string | null {
  const rects = paneRects(layout)
  const from = rects.find((rect) => rect.paneId === paneId)
  if (!from) throw unknownPane(paneId)
  const candidates = rects
    .filter((rect) => rect !== from)
    .map((rect) => ({ paneId: rect.paneId, ...measure(from, rect, direction) }))
    .filter((c) => c.gap > -GEOMETRY_EPSILON && c.overlap > GEOMETRY_EPSILON)
  const nearestGap = Math.min(...candidates.map((c) => c.gap))
  const nearest = candidates.filter((c) => c.gap <= nearestGap + GEOMETRY_EPSILON)
  // reduce keeps the earlier (reading-order) candidate unless a later one is strictly better.
  const best = nearest.reduce<(typeof nearest)[number] | null>((a, b) => (a === null || beats(b, a) ? b : a), null)
  return best?.paneId ?? null
}

/** Structural equality; sizes compare with a tiny tolerance. */
export function layoutsEqual(a: Layout, b: Layout): boolean {
  if (a.zoomed !== b.zoomed) return false
  if (a.root === null || b.root === null) return a.root === b.root
  return nodesEqual(a.root, b.root)
}

// ---------------------------------------------------------------- operations

/**
 * Adds a pane beside `beside.paneId` on `beside.edge`; without `beside`, to the
 * right of the last pane in reading order (or as the root of an empty layout).
 * Next to a pane whose split already runs in that direction it becomes a sibling
 * (no nesting); either way it takes half of the target's share.
 * Clears zoom, so the new pane is visible.
 */
export function insertPane(layout: Layout, paneId: string, beside?: Beside): Layout {
  if (hasPane(layout, paneId)) throw new LayoutError('invalid', `Pane ${paneId} is already in the layout`)
  const leaf: PaneNode = { type: 'pane', paneId }
  if (beside) requirePane(layout, beside.paneId)
  if (layout.root === null) return { root: leaf, zoomed: null }
  const target = beside ?? { paneId: lastPane(layout.root), edge: 'right' as const }
  return { root: insertBeside(layout.root, leaf, target), zoomed: null }
}

/**
 * Removes a pane. The sibling before it (or after it, when it was first) takes
 * its space; a split left with one child is replaced by that child. Removing the
 * zoomed pane clears zoom; removing the last pane leaves an empty layout.
 */
export function removePane(layout: Layout, paneId: string): Layout {
  requirePane(layout, paneId)
  const zoomed = layout.zoomed === paneId ? null : layout.zoomed
  return { root: removeFrom(layout.root, paneId), zoomed }
}

/** Moves a pane next to another one, on `edge` of it. Zoom stays as it is. */
export function movePane(layout: Layout, paneId: string, targetPaneId: string, edge: Edge): Layout {
  requirePane(layout, paneId)
  requirePane(layout, targetPaneId)
  if (paneId === targetPaneId) throw new LayoutError('invalid', `Cannot move pane ${paneId} onto itself`)
  if (alreadyThere(layout.root, paneId, targetPaneId, edge)) return layout
  const rest = removeFrom(layout.root, paneId)
  // rest still holds the target, so it cannot be empty.
  if (rest === null) throw new LayoutError('invalid', 'Layout lost its target pane while moving')
  return { root: insertBeside(rest, { type: 'pane', paneId }, { paneId: targetPaneId, edge }), zoomed: layout.zoomed }
}

/** Exchanges two panes' places; sizes and zoom stay. Swapping a pane with itself changes nothing. */
export function swapPanes(layout: Layout, a: string, b: string): Layout {
  requirePane(layout, a)
  requirePane(layout, b)
  if (a === b || layout.root === null) return layout
  const swap = (id: string): string => (id === a ? b : id === b ? a : id)
  return { ...layout, root: mapPanes(layout.root, (pane) => ({ type: 'pane', paneId: swap(pane.paneId) })) }
}

/**
 * Sets a split's sizes. They must be one positive number per child; they are
 * scaled to sum to 100 and any share below the minimum is raised to it (taken
 * from the others in proportion), so a divider dragged too far just stops.
 */
export function resizeSplit(layout: Layout, splitId: string, sizes: readonly number[]): Layout {
  const split = findSplit(layout, splitId)
  if (!split || layout.root === null) throw new LayoutError('not_found', `Unknown split ${splitId}`)
  if (sizes.length !== split.children.length) {
    throw new LayoutError('invalid', `Split ${splitId} has ${split.children.length} children but got ${sizes.length} sizes`)
  }
  if (!sizes.every((size) => Number.isFinite(size) && size > 0)) {
    throw new LayoutError('invalid', `Sizes for split ${splitId} must be positive numbers`)
  }
  const next = enforceMinimum(scaleTo100(sizes))
  if (sameSizes(next, split.sizes)) return layout
  const root = mapSplits(layout.root, (s) => (s.id === splitId ? { ...s, sizes: next } : s))
  return { ...layout, root }
}

/** Gives every split's children equal shares, all the way down. */
export function equalize(layout: Layout): Layout {
  if (layout.root === null) return layout
  const root = mapSplits(layout.root, (split) => {
    const equal = equalShares(split.children.length)
    return sameSizes(equal, split.sizes) ? split : { ...split, sizes: equal }
  })
  return root === layout.root ? layout : { ...layout, root }
}

/** Zooms a pane (it fills the grid) or, with null, unzooms. */
export function setZoom(layout: Layout, paneId: string | null): Layout {
  if (paneId !== null) requirePane(layout, paneId)
  return layout.zoomed === paneId ? layout : { ...layout, zoomed: paneId }
}

// ---------------------------------------------------------------- disk and wire

// What we accept before repair: splits may be empty or single, sizes may be
// missing or wrong, split ids may be missing. Pane ids must still be uuids.
type LooseNode =
  | { type: 'pane'; paneId: string }
  | { type: 'split'; id?: string; direction: 'row' | 'column'; children: LooseNode[]; sizes?: number[] }
export interface LooseLayout {
  root: LooseNode | null
  zoomed?: string | null
}

const LooseNode: z.ZodType<LooseNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('pane'), paneId: z.string().uuid() }),
    z.object({
      type: z.literal('split'),
      id: z.string().optional(),
      direction: SplitDirection,
      children: z.array(LooseNode),
      sizes: z.array(z.number()).optional()
    })
  ])
)
const LooseLayout = z.object({ root: LooseNode.nullable(), zoomed: z.string().uuid().nullable().optional() })

export type LayoutParseResult = { ok: true; layout: Layout } | { ok: false; error: string }

/**
 * Repairs a layout from disk or the wire into one that keeps every invariant:
 * drops empty splits, collapses single-child ones, flattens same-direction
 * nesting, fixes sizes, gives missing or duplicate split ids fresh ones, and
 * clears a zoom on a pane that is not there. Duplicate pane ids cannot be
 * repaired (which one is real?) and throw a LayoutError.
 */
export function normalizeLayout(input: LooseLayout): Layout {
  const seen = { panes: new Set<string>(), splits: new Set<string>() }
  const root = input.root ? normalizeNode(input.root, seen) : null
  const zoomed = input.zoomed && seen.panes.has(input.zoomed) ? input.zoomed : null
  return { root, zoomed }
}

/** Every broken invariant, as readable messages; empty when the layout is sound. */
export function validateLayout(layout: Layout): string[] {
  const problems: string[] = []
  const seen = { panes: new Set<string>(), splits: new Set<string>() }
  if (layout.root) checkNode(layout.root, seen, problems)
  if (layout.zoomed !== null && !seen.panes.has(layout.zoomed)) problems.push(`zoomed pane ${layout.zoomed} is not in the layout`)
  return problems
}

export function serialiseLayout(layout: Layout): string {
  const parsed = Layout.safeParse(layout)
  if (!parsed.success) throw new LayoutError('invalid', `Cannot serialise layout: ${formatIssues(parsed.error)}`)
  return JSON.stringify(parsed.data)
}

/** Parses JSON text into a repaired Layout, or says clearly what is wrong with it. */
export function deserialiseLayout(text: string): LayoutParseResult {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { ok: false, error: `Layout is not valid JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
  return parseLayout(raw)
}

/** Like deserialiseLayout, for a value already decoded (a lowdb document, a wire message). */
export function parseLayout(raw: unknown): LayoutParseResult {
  const loose = LooseLayout.safeParse(raw)
  if (!loose.success) return { ok: false, error: `Invalid layout: ${formatIssues(loose.error)}` }
  try {
    const layout = normalizeLayout(loose.data)
    const strict = Layout.safeParse(layout)
    if (!strict.success) return { ok: false, error: `Invalid layout: ${formatIssues(strict.error)}` }
    return { ok: true, layout: strict.data }
  } catch (err) {
    if (err instanceof LayoutError) return { ok: false, error: `Invalid layout: ${err.message}` }
    throw err
  }
}

// ---------------------------------------------------------------- tree helpers

function unknownPane(paneId: string): LayoutError {
  return new LayoutError('not_found', `Unknown pane ${paneId}: it is not in the layout`)
}

function requirePane(layout: Layout, paneId: string): void {
  if (!hasPane(layout, paneId)) throw unknownPane(paneId)
}

function isPane(node: LayoutNode, paneId: string): boolean {
  return node.type === 'pane' && node.paneId === paneId
}

function containsPane(node: LayoutNode, paneId: string): boolean {
  return node.type === 'pane' ? node.paneId === paneId : node.children.some((child) => containsPane(child, paneId))
}

function collectPanes(node: LayoutNode, out: string[]): string[] {
  if (node.type === 'pane') out.push(node.paneId)
  else for (const child of node.children) collectPanes(child, out)
  return out
}

function lastPane(root: LayoutNode): string {
  const ids = collectPanes(root, [])
  const last = ids[ids.length - 1]
  if (last === undefined) throw new LayoutError('invalid', 'Layout has a split without panes')
  return last
}

function findSplitIn(node: LayoutNode, splitId: string): SplitNode | null {
  if (node.type === 'pane') return null
  if (node.id === splitId) return node
  for (const child of node.children) {
    const found = findSplitIn(child, splitId)
    if (found) return found
  }
  return null
}

function shareOf(split: SplitNode, index: number): number {
  return split.sizes[index] ?? 100 / split.children.length
}

let splitCounter = 0

function newSplitId(): string {
  // randomUUID is missing in insecure browser contexts (plain http off localhost); ids need only be unique.
  const crypto = globalThis.crypto as typeof globalThis.crypto | undefined
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID()
  splitCounter += 1
  return `split-${Date.now().toString(36)}-${splitCounter}-${Math.random().toString(36).slice(2)}`
}

/** The same split when no child changed, so untouched subtrees keep their identity. */
function withChildren(split: SplitNode, children: LayoutNode[]): SplitNode {
  return children.every((child, i) => child === split.children[i]) ? split : { ...split, children }
}

/** Applies fn to every split bottom-up; returns the same node when fn changed nothing. */
function mapSplits(node: LayoutNode, fn: (split: SplitNode) => SplitNode): LayoutNode {
  if (node.type === 'pane') return node
  return fn(withChildren(node, node.children.map((child) => mapSplits(child, fn))))
}

function mapPanes(node: LayoutNode, fn: (pane: PaneNode) => PaneNode): LayoutNode {
  if (node.type === 'pane') {
    const next = fn(node)
    return next.paneId === node.paneId ? node : next
  }
  return withChildren(node, node.children.map((child) => mapPanes(child, fn)))
}

const edgeDirection = (edge: Edge): SplitNode['direction'] => (edge === 'left' || edge === 'right' ? 'row' : 'column')
const edgeIsBefore = (edge: Edge): boolean => edge === 'left' || edge === 'top'

function insertBeside(node: LayoutNode, leaf: PaneNode, target: Beside): LayoutNode {
  if (node.type === 'pane') return node.paneId === target.paneId ? pairUp(node, leaf, target.edge) : node
  const index = node.children.findIndex((child) => isPane(child, target.paneId))
  if (index !== -1 && node.direction === edgeDirection(target.edge)) return addSibling(node, index, leaf, target.edge)
  return withChildren(
    node,
    node.children.map((child) => insertBeside(child, leaf, target))
  )
}

/** Replaces a lone target with a new two-pane split (the target's parent runs the other way). */
function pairUp(target: PaneNode, leaf: PaneNode, edge: Edge): SplitNode {
  const children = edgeIsBefore(edge) ? [leaf, target] : [target, leaf]
  return { type: 'split', id: newSplitId(), direction: edgeDirection(edge), children, sizes: [50, 50] }
}

/** Adds the leaf next to children[index], halving that child's share between the two. */
function addSibling(split: SplitNode, index: number, leaf: PaneNode, edge: Edge): SplitNode {
  const at = edgeIsBefore(edge) ? index : index + 1
  const half = shareOf(split, index) / 2
  const children = [...split.children]
  const sizes = [...split.sizes]
  children.splice(at, 0, leaf)
  sizes.splice(index, 1, half)
  sizes.splice(at, 0, half)
  return { ...split, children, sizes: enforceMinimum(sizes) }
}

function removeFrom(root: LayoutNode | null, paneId: string): LayoutNode | null {
  if (root === null || isPane(root, paneId)) return null
  return root.type === 'split' ? removeFromSplit(root, paneId) : root
}

function removeFromSplit(split: SplitNode, paneId: string): LayoutNode {
  const index = split.children.findIndex((child) => isPane(child, paneId))
  if (index !== -1) return dropChild(split, index)
  const children = split.children.map((child) => (child.type === 'split' ? removeFromSplit(child, paneId) : child))
  // A child split may have collapsed into a split of our direction; absorb it.
  return flatten(withChildren(split, children))
}

/** Removes children[index]; its neighbour before it (after it, if first) takes its share. */
function dropChild(split: SplitNode, index: number): LayoutNode {
  const children = split.children.filter((_, i) => i !== index)
  if (children.length === 1 && children[0]) return children[0]
  const heir = index > 0 ? index - 1 : 0
  const sizes = split.sizes.filter((_, i) => i !== index)
  sizes[heir] = (sizes[heir] ?? 0) + shareOf(split, index)
  return { ...split, children, sizes }
}

/** Lifts the children of same-direction child splits into this split, scaling their shares. */
function flatten(split: SplitNode): SplitNode {
  if (!split.children.some((child) => child.type === 'split' && child.direction === split.direction)) return split
  const children: LayoutNode[] = []
  const sizes: number[] = []
  split.children.forEach((child, i) => {
    const share = shareOf(split, i)
    if (child.type === 'split' && child.direction === split.direction) {
      child.children.forEach((grandchild, j) => {
        children.push(grandchild)
        sizes.push((share * shareOf(child, j)) / 100)
      })
    } else {
      children.push(child)
      sizes.push(share)
    }
  })
  return { ...split, children, sizes: enforceMinimum(scaleTo100(sizes)) }
}

/** True when the pane already sits right on that edge of the target, so a move would change nothing. */
function alreadyThere(root: LayoutNode | null, paneId: string, targetPaneId: string, edge: Edge): boolean {
  const parent = root ? parentOf(root, targetPaneId) : null
  if (!parent || parent.direction !== edgeDirection(edge)) return false
  const index = parent.children.findIndex((child) => isPane(child, targetPaneId))
  const sibling = parent.children[edgeIsBefore(edge) ? index - 1 : index + 1]
  return sibling !== undefined && isPane(sibling, paneId)
}

function parentOf(node: LayoutNode, paneId: string): SplitNode | null {
  if (node.type === 'pane') return null
  if (node.children.some((child) => isPane(child, paneId))) return node
  for (const child of node.children) {
    const found = parentOf(child, paneId)
    if (found) return found
  }
  return null
}

// ---------------------------------------------------------------- sizes

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

function equalShares(count: number): number[] {
  return Array.from({ length: count }, () => 100 / count)
}

function scaleTo100(sizes: readonly number[]): number[] {
  const total = sum(sizes)
  return total > 0 ? sizes.map((size) => (size * 100) / total) : equalShares(sizes.length)
}

/**
 * Raises every share below the minimum to it and takes the difference from the
 * others in proportion to their size (repeating, since that may push another
 * below). Input must sum to 100; so does the output.
 */
function enforceMinimum(sizes: readonly number[]): number[] {
  const min = Math.min(MIN_SHARE, 100 / sizes.length)
  const pinned = new Set<number>()
  for (;;) {
    const freeTotal = sum(sizes.filter((_, i) => !pinned.has(i)))
    if (freeTotal <= 0) return equalShares(sizes.length)
    const budget = 100 - min * pinned.size
    const next = sizes.map((size, i) => (pinned.has(i) ? min : (size * budget) / freeTotal))
    const low = next.flatMap((size, i) => (!pinned.has(i) && size < min - SIZE_EPSILON ? [i] : []))
    if (low.length === 0) return next
    for (const i of low) pinned.add(i)
  }
}

/** Sound sizes stay exactly as they are (a restored layout must not drift); others are rescaled and clamped. */
function repairSizes(sizes: readonly number[]): number[] {
  const min = Math.min(MIN_SHARE, 100 / sizes.length)
  const sound = Math.abs(sum(sizes) - 100) <= 1e-6 && sizes.every((size) => size >= min - 1e-6)
  return sound ? [...sizes] : enforceMinimum(scaleTo100(sizes))
}

function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => Math.abs(size - (b[i] ?? Number.NaN)) <= SIZE_EPSILON)
}

function nodesEqual(a: LayoutNode, b: LayoutNode): boolean {
  if (a.type === 'pane') return isPane(b, a.paneId)
  if (b.type === 'pane') return false
  return (
    a.id === b.id &&
    a.direction === b.direction &&
    sameSizes(a.sizes, b.sizes) &&
    a.children.length === b.children.length &&
    a.children.every((child, i) => {
      const other = b.children[i]
      return other !== undefined && nodesEqual(child, other)
    })
  )
}

// ---------------------------------------------------------------- geometry

type Box = Omit<PaneRect, 'paneId'>

function collectRects(node: LayoutNode, box: Box, out: PaneRect[]): void {
  if (node.type === 'pane') {
    out.push({ paneId: node.paneId, ...box })
    return
  }
  let offset = 0
  node.children.forEach((child, i) => {
    const share = shareOf(node, i) / 100
    collectRects(child, slice(box, node.direction, offset, share), out)
    offset += share
  })
}

function slice(box: Box, direction: SplitNode['direction'], offset: number, share: number): Box {
  return direction === 'row'
    ? { ...box, x: box.x + offset * box.width, width: share * box.width }
    : { ...box, y: box.y + offset * box.height, height: share * box.height }
}

interface Measure {
  /** Distance from the source's side to the candidate (0 when they touch, negative when behind). */
  gap: number
  /** How much of the source's side the candidate faces. */
  overlap: number
  /** Distance between centres along the side, for ties. */
  offCentre: number
}

function measure(from: Box, to: Box, direction: Direction): Measure {
  const horizontal = direction === 'left' || direction === 'right'
  const [fromStart, fromSize, toStart, toSize] = horizontal
    ? [from.y, from.height, to.y, to.height]
    : [from.x, from.width, to.x, to.width]
  const overlap = Math.min(fromStart + fromSize, toStart + toSize) - Math.max(fromStart, toStart)
  const offCentre = Math.abs(fromStart + fromSize / 2 - (toStart + toSize / 2))
  return { gap: gapTowards(from, to, direction), overlap, offCentre }
}

function gapTowards(from: Box, to: Box, direction: Direction): number {
  switch (direction) {
    case 'right':
      return to.x - (from.x + from.width)
    case 'left':
      return from.x - (to.x + to.width)
    case 'down':
      return to.y - (from.y + from.height)
    case 'up':
      return from.y - (to.y + to.height)
  }
}

function beats(a: Measure, b: Measure): boolean {
  if (Math.abs(a.overlap - b.overlap) > GEOMETRY_EPSILON) return a.overlap > b.overlap
  return a.offCentre < b.offCentre - GEOMETRY_EPSILON
}

// ---------------------------------------------------------------- repair and checks

interface Seen {
  panes: Set<string>
  splits: Set<string>
}

function normalizeNode(node: LooseNode, seen: Seen): LayoutNode | null {
  if (node.type === 'pane') {
    if (seen.panes.has(node.paneId)) throw new LayoutError('invalid', `Duplicate pane id ${node.paneId}`)
    seen.panes.add(node.paneId)
    return { type: 'pane', paneId: node.paneId }
  }
  const usable = sizesUsable(node.sizes, node.children.length)
  const kept: { child: LayoutNode; size: number }[] = []
  node.children.forEach((raw, i) => {
    const child = normalizeNode(raw, seen)
    if (child) kept.push({ child, size: usable && node.sizes ? (node.sizes[i] ?? 1) : 1 })
  })
  if (kept.length === 0) return null
  if (kept.length === 1 && kept[0]) return kept[0].child
  const split: SplitNode = {
    type: 'split',
    id: claimSplitId(node.id, seen),
    direction: node.direction,
    children: kept.map((k) => k.child),
    sizes: repairSizes(kept.map((k) => k.size))
  }
  return flatten(split)
}

/** Sizes we can trust for their proportions: one positive finite number per child. */
function sizesUsable(sizes: number[] | undefined, count: number): boolean {
  return sizes !== undefined && sizes.length === count && sizes.every((s) => Number.isFinite(s) && s > 0)
}

function claimSplitId(id: string | undefined, seen: Seen): string {
  const claimed = id && !seen.splits.has(id) ? id : newSplitId()
  seen.splits.add(claimed)
  return claimed
}

function checkNode(node: LayoutNode, seen: Seen, problems: string[]): void {
  if (node.type === 'pane') {
    if (seen.panes.has(node.paneId)) problems.push(`duplicate pane id ${node.paneId}`)
    seen.panes.add(node.paneId)
    return
  }
  problems.push(...splitProblems(node, seen))
  seen.splits.add(node.id)
  for (const child of node.children) checkNode(child, seen, problems)
}

function splitProblems(split: SplitNode, seen: Seen): string[] {
  const problems: string[] = []
  const name = `split ${split.id}`
  if (!split.id) problems.push('a split has an empty id')
  if (seen.splits.has(split.id)) problems.push(`duplicate split id ${split.id}`)
  if (split.children.length < 2) problems.push(`${name} has ${split.children.length} children (needs at least 2)`)
  if (split.sizes.length !== split.children.length) {
    problems.push(`${name} has ${split.sizes.length} sizes for ${split.children.length} children`)
  }
  if (!split.sizes.every((s) => Number.isFinite(s) && s > 0)) problems.push(`${name} has a size that is not a positive number`)
  if (Math.abs(sum(split.sizes) - 100) > 1e-6) problems.push(`${name} sizes sum to ${sum(split.sizes)}, not 100`)
  return problems
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
}
