import { readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Deeper than any transcript the CLI writes (`<slug>/<session>/subagents/agent-x.jsonl`), to stop at odd trees. */
export const MAX_DEPTH = 6

export function isTranscript(path: string): boolean {
  return path.endsWith('.jsonl')
}

/** Every `*.jsonl` under the roots (a root that does not exist has none). */
export function listTranscripts(roots: string[]): string[] {
  const files: string[] = []
  for (const root of roots) collect(root, 0, files)
  return files
}

function collect(dir: string, depth: number, files: string[]): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && depth < MAX_DEPTH) collect(path, depth + 1, files)
    else if (entry.isFile() && isTranscript(entry.name)) files.push(path)
  }
}

/**
 * The session a transcript belongs to, for lines that do not say: `<session>.jsonl`, or the
 * session folder above `subagents/` for a subagent's transcript.
 */
export function sessionIdOfPath(path: string): string {
  const folder = dirname(path)
  if (basename(folder) === 'subagents') return basename(dirname(folder))
  return basename(path, '.jsonl')
}
