import type { z } from 'zod'

/** One concern's persisted document, e.g. the workspace layout in `state/workspace.json`. */
export interface DocumentSpec<T> {
  /** File name without `.json`; also names the document in problems and logs. */
  name: string
  /** The version this build writes. Raise it when the shape changes, and teach `migrate` the old one. */
  schemaVersion: number
  schema: z.ZodType<T>
  defaults: () => T
  /**
   * Turns the data of an older version (1 … schemaVersion - 1) into the current shape;
   * the result is validated with `schema` like any read.
   */
  migrate: (data: unknown, fromVersion: number) => unknown
}

/** Something wrong with a document that the user should hear about. */
export interface StateProblem {
  document: string
  message: string
  /** Where a file that could not be used was kept. */
  backupPath?: string
}
