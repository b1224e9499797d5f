import { z } from 'zod'
import { PaneKind } from '../../shared/bridge'
import type { DocumentSpec } from '../persistence'

/** A config layer as saved; checked again for its kind when the pane is restored. */
const SavedConfig = z.record(z.string(), z.unknown())

const SavedAgent = z.object({
  preset: z.string().optional(),
  layers: z.object({
    workspace: SavedConfig.optional(),
    preset: z.object({ name: z.string(), config: SavedConfig }).optional(),
    pane: SavedConfig.optional(),
    model: z.string().optional()
  }),
  pendingModel: z.string().optional(),
  sessionId: z.string().optional(),
  conversationCwd: z.string().optional()
})

export const SavedPane = z.object({
  id: z.string().min(1),
  kind: PaneKind,
  cwd: z.string().min(1),
  /** The title its program set; empty when it set none. */
  title: z.string(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  agent: SavedAgent,
  /** The program running when this was saved: a restore ends it first if it still runs. */
  process: z.object({ pid: z.number().int().positive(), startTime: z.string().optional() }).optional(),
  /** Agent panes: whether it restarts by itself after a crash. */
  autoRestart: z.boolean().optional(),
  /** Who created it when not the user ("mcp:<client>"); optional, so files saved before it existed still read. */
  creator: z.string().optional()
})
export type SavedPane = z.output<typeof SavedPane>

const Panes = z.object({ panes: z.array(SavedPane) })
export type Panes = z.output<typeof Panes>

/** Every open pane, as the next start restores it (the layout is in the workspace document). */
export const panesDocument: DocumentSpec<Panes> = {
  name: 'panes',
  schemaVersion: 1,
  schema: Panes,
  defaults: () => ({ panes: [] }),
  // Version 1 is the first: there is nothing older to migrate yet.
  migrate: (_data, fromVersion) => {
    throw new Error(`no migration from schema ${fromVersion}`)
  }
}
