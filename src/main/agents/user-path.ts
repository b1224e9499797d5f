import { delimiter, sep } from 'node:path'

// `npm run serve` / `npm start` run Tessera under npm, which puts `<dir>/node_modules/.bin`
// for the package folder and each of its parents, then its own node-gyp-bin, in front of
// the user's PATH. Left there, Tessera's pinned test copy of an agent CLI would shadow the
// one the user installed, and every pane's shell would see Tessera's tools first.

const NODE_MODULES_BIN = `${sep}node_modules${sep}.bin`
/** The last entry npm's run-script adds (`…/@npmcli/run-script/lib/node-gyp-bin`). */
const NPM_MARKER = /[\\/]run-script[\\/]lib[\\/]node-gyp-bin$/

/** Variables npm sets for a script; none of them is the user's. */
const NPM_SCRIPT_VARIABLES = /^(npm_lifecycle_|npm_package_|npm_execpath$|npm_node_execpath$|npm_command$|npm_config_local_prefix$|INIT_CWD$)/

const isProjectBin = (entry: string): boolean => entry.endsWith(NODE_MODULES_BIN) || entry.endsWith(`${NODE_MODULES_BIN}${sep}`)

/**
 * The PATH entries the user had, in their order: each block of `node_modules/.bin`
 * entries that npm's run-script put before its node-gyp-bin marker is dropped (nested
 * `npm run`s add one block each), and so is a leading block when npm ran us without
 * the marker (older npm versions, other package managers).
 */
export function userPathEntries(entries: readonly string[], underPackageManager: boolean): string[] {
  const kept: string[] = []
  let sawMarker = false
  for (const entry of entries) {
    if (NPM_MARKER.test(entry)) {
      sawMarker = true
      while (kept.length > 0 && isProjectBin(kept[kept.length - 1] ?? '')) kept.pop()
      continue
    }
    kept.push(entry)
  }
  if (sawMarker || !underPackageManager) return kept
  const firstOwn = kept.findIndex((entry) => !isProjectBin(entry))
  return firstOwn === -1 ? [] : kept.slice(firstOwn)
}

/** The environment the user started Tessera from: npm's script PATH entries and variables removed. */
export function userEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const underPackageManager = typeof env.npm_lifecycle_event === 'string'
  const result: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (!NPM_SCRIPT_VARIABLES.test(name)) result[name] = value
  }
  for (const name of Object.keys(env).filter((key) => /^path$/i.test(key))) {
    const entries = (env[name] ?? '').split(delimiter).filter(Boolean)
    result[name] = userPathEntries(entries, underPackageManager).join(delimiter)
  }
  return result
}
