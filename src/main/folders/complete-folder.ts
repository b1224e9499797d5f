import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, sep } from 'node:path'
import { expandHome } from './folder-check'

/** At most this many suggestions: enough to pick from, small enough to list any folder fast. */
export const MAX_COMPLETIONS = 50

/**
 * Folders whose path starts with `prefix`: the subfolders of the prefix's parent whose
 * name starts with what follows its last slash, sorted, hidden ones only when that part
 * starts with a dot. Lists one directory of the host's own file system and never
 * descends; a path that cannot be listed gives none.
 */
export async function completeFolder(prefix: string, home = homedir()): Promise<string[]> {
  const path = expandHome(prefix, home)
  if (!isAbsolute(path)) return []
  const parent = path.endsWith(sep) ? path : dirname(path)
  const start = path.slice(parent.length).replace(/^\//, '')
  const entries = await readdir(parent, { withFileTypes: true }).catch((): Dirent[] => [])
  const named = entries.filter((entry) => entry.name.startsWith(start) && (start.startsWith('.') || !entry.name.startsWith('.')))
  const folders: string[] = []
  for (const entry of named.sort((a, b) => a.name.localeCompare(b.name))) {
    if (folders.length === MAX_COMPLETIONS) break
    const full = join(parent, entry.name)
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full)))) folders.push(full)
  }
  return folders
}

const isFolder = (path: string): Promise<boolean> => stat(path).then((info) => info.isDirectory(), () => false)
