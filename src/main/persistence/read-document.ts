import { readFileSync, renameSync } from 'node:fs'
import { z } from 'zod'
import type { DocumentSpec, StateProblem } from './document-spec'

/** Every document file: the version that wrote it, and its data. */
export const Envelope = z.object({ schemaVersion: z.number().int().positive(), data: z.unknown() })

export interface ReadResult<T> {
  /** The validated data; undefined when the document starts from its defaults. */
  data?: T
  problem?: StateProblem
  /** False for a file written by a newer Tessera: it is left as it is, never overwritten. */
  writable: boolean
}

/**
 * Reads and validates one document file. A missing file is a first start. A file that does not
 * parse or validate is renamed to `<file>.corrupt-<time>` so the next write cannot destroy it,
 * and reported. A newer schema version is left untouched and reported, and the document is
 * then kept in memory only, so going back to an older build never loses a newer one's state.
 */
export function readDocument<T>(path: string, spec: DocumentSpec<T>): ReadResult<T> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { writable: true }
    return { writable: true, problem: { document: spec.name, message: `The ${spec.name} state in ${path} could not be read (${reasonOf(error)}); Tessera started without it.` } }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return setAside(path, spec, `it is not valid JSON: ${reasonOf(error)}`)
  }
  const envelope = Envelope.safeParse(raw)
  if (!envelope.success) return setAside(path, spec, `it is not a Tessera state file: ${firstIssue(envelope.error)}`)
  const { schemaVersion, data } = envelope.data
  if (schemaVersion > spec.schemaVersion) {
    const message = `The ${spec.name} state in ${path} was written by a newer Tessera (schema ${schemaVersion}; this one knows ${spec.schemaVersion}). It was left as it is and will not be overwritten; this session starts without it.`
    return { writable: false, problem: { document: spec.name, message } }
  }
  let current: unknown
  try {
    current = schemaVersion < spec.schemaVersion ? spec.migrate(data, schemaVersion) : data
  } catch (error) {
    return setAside(path, spec, `it could not be migrated from schema ${schemaVersion}: ${reasonOf(error)}`)
  }
  const parsed = spec.schema.safeParse(current)
  if (!parsed.success) return setAside(path, spec, `its content has the wrong shape: ${firstIssue(parsed.error)}`)
  return { data: parsed.data, writable: true }
}

function setAside<T>(path: string, spec: DocumentSpec<T>, reason: string): ReadResult<T> {
  const backupPath = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
  try {
    renameSync(path, backupPath)
  } catch (error) {
    // Could not move it: keep it where it is and do not write over it.
    const message = `The ${spec.name} state in ${path} could not be used (${reason}) nor moved aside (${reasonOf(error)}); it was left as it is and this session starts without it.`
    return { writable: false, problem: { document: spec.name, message } }
  }
  const message = `The ${spec.name} state could not be used (${reason}). It was kept as ${backupPath}; Tessera started without it.`
  return { writable: true, problem: { document: spec.name, message, backupPath } }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
