import { statSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, normalize, sep } from 'node:path'

/** `~` and `~/…` name the home folder, as in a shell. */
export function expandHome(path: string, home = homedir()): string {
  if (path === '~') return home
  return path.startsWith(`~${sep}`) ? home + path.slice(1) : path
}

/** A folder the user typed, as an absolute path; a relative one is refused (relative to what the user cannot see). */
export function folderFromInput(input: string, home = homedir()): string {
  const path = expandHome(input.trim(), home)
  if (!isAbsolute(path)) throw new Error(`"${input}" is not a full path: start it with / or ~`)
  const normalized = normalize(path)
  return normalized.length > 1 && normalized.endsWith(sep) ? normalized.slice(0, -1) : normalized
}

/** Why a pane cannot start in `folder` ("does not exist", "is not a folder"), or undefined when it can. */
export function folderProblem(folder: string): string | undefined {
  try {
    return statSync(folder).isDirectory() ? undefined : 'is not a folder'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : 'cannot be opened'
  }
}
