/** A terminal size in character cells. */
export interface CellSize {
  cols: number
  rows: number
}

/**
 * How a pane shown by several clients picks its PTY size, after tmux's `window-size`:
 * `smallest` fits every client (none clips, the larger ones letterbox), `largest` fills the
 * biggest (smaller ones clip), `latest` follows the client that reported last.
 */
export const WINDOW_SIZE_POLICIES = ['smallest', 'largest', 'latest'] as const
export type WindowSizePolicy = (typeof WINDOW_SIZE_POLICIES)[number]
export const DEFAULT_WINDOW_SIZE: WindowSizePolicy = 'smallest'

export function isWindowSizePolicy(value: string): value is WindowSizePolicy {
  return (WINDOW_SIZE_POLICIES as readonly string[]).includes(value)
}

/**
 * The pane's size under the policy, from the sizes its clients report (oldest report
 * first); undefined when no client shows it, so the pane keeps the size it has.
 * Columns and rows are chosen apart, as tmux does: one client may be the narrowest and
 * another the shortest.
 */
export function policySize(policy: WindowSizePolicy, reports: readonly CellSize[]): CellSize | undefined {
  const latest = reports.at(-1)
  if (!latest) return undefined
  switch (policy) {
    case 'smallest':
      return { cols: Math.min(...reports.map((size) => size.cols)), rows: Math.min(...reports.map((size) => size.rows)) }
    case 'largest':
      return { cols: Math.max(...reports.map((size) => size.cols)), rows: Math.max(...reports.map((size) => size.rows)) }
    case 'latest':
      return { cols: latest.cols, rows: latest.rows }
  }
}
