import { z } from 'zod'
import type { DocumentSpec } from '../../src/main/persistence'

// Documents for the state store's tests.

export const Notes = z.object({ notes: z.array(z.string()) })
export type Notes = z.output<typeof Notes>

export const notesDocument: DocumentSpec<Notes> = {
  name: 'notes',
  schemaVersion: 2,
  schema: Notes,
  defaults: () => ({ notes: [] }),
  // Version 1 kept a single note as a string.
  migrate: (data, fromVersion) => {
    if (fromVersion !== 1) throw new Error(`no migration from schema ${fromVersion}`)
    return { notes: [(data as { note: string }).note] }
  }
}

/** About 1 MB, every item the same: a file cut short or mixed from two writes fails the schema. */
const BIG_ITEMS = 50_000
const Big = z
  .object({ seq: z.number().int().nonnegative(), items: z.array(z.string()).length(BIG_ITEMS) })
  .refine((big) => big.items.every((item) => item === `item-${big.seq}`), 'items from another write')
export type Big = z.output<typeof Big>

export const bigDocument: DocumentSpec<Big> = {
  name: 'big',
  schemaVersion: 1,
  schema: Big,
  defaults: () => bigDocumentValue(0),
  migrate: () => {
    throw new Error('no older versions')
  }
}

export function bigDocumentValue(seq: number): Big {
  return { seq, items: new Array<string>(BIG_ITEMS).fill(`item-${seq}`) }
}
