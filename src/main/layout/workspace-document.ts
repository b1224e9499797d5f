import { z } from 'zod'
import { Layout } from '../../shared/layout'
import { emptyLayout } from '../../shared/layout-tree'
import type { DocumentSpec } from '../persistence'

/** The workspace as persisted: today the grid's split tree (sizes and zoom included). */
const Workspace = z.object({ layout: Layout })
export type Workspace = z.output<typeof Workspace>

export const workspaceDocument: DocumentSpec<Workspace> = {
  name: 'workspace',
  schemaVersion: 1,
  schema: Workspace,
  defaults: () => ({ layout: emptyLayout() }),
  // Version 1 is the first: there is nothing older to migrate yet.
  migrate: (_data, fromVersion) => {
    throw new Error(`no migration from schema ${fromVersion}`)
  }
}
