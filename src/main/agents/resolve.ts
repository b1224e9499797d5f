import { join } from 'node:path'
import type { PaneKind } from '../../shared/bridge'
import { appRoot } from './app-root'
import { agentDefinition } from './catalog'
import { resolveUserShell } from './shell'
import { findExecutable, pathDirs } from './which'

/** Where a CLI is looked for: the user's PATH first (their install wins), then ours. */
export function searchDirs(env: NodeJS.ProcessEnv, root: string | undefined = appRoot()): string[] {
  const projectBin = root ? [join(root, 'node_modules', '.bin')] : []
  return [...pathDirs(env), ...projectBin]
}

/** The executable a pane of this kind runs, or undefined when it is not installed. */
export function resolveCommand(
  kind: PaneKind,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  const { binary } = agentDefinition(kind)
  if (!binary) return resolveUserShell(env, platform).file
  return findExecutable(binary, searchDirs(env), env, platform)
}
