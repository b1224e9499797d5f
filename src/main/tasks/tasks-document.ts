import { z } from 'zod'
import { Task, TaskSettings } from '../../shared/tasks'
import type { DocumentSpec } from '../persistence'

/** A task as saved: everything but its cost, which is counted again from the transcripts. */
export const StoredTask = Task.omit({ cost: true })
export type StoredTask = z.output<typeof StoredTask>

const Tasks = z.object({
  tasks: z.array(StoredTask),
  /** The user's task settings; null: the defaults. */
  settings: TaskSettings.nullable()
})
export type Tasks = z.output<typeof Tasks>

/** Every task with its stage, pane and worktree, and the task settings. */
export const tasksDocument: DocumentSpec<Tasks> = {
  name: 'tasks',
  schemaVersion: 1,
  schema: Tasks,
  defaults: () => ({ tasks: [], settings: null }),
  // Version 1 is the first: there is nothing older to migrate yet.
  migrate: (_data, fromVersion) => {
    throw new Error(`no migration from schema ${fromVersion}`)
  }
}
