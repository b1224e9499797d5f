import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const APP_PACKAGE_NAME = 'tessera'
let cached: string | null | undefined

function isAppRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json')
  if (!existsSync(manifest)) return false
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === APP_PACKAGE_NAME
  } catch {
    return false
  }
}

/** The nearest folder at or above `start` whose package.json is Tessera's, if any. */
export function findAppRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isAppRoot(dir)) return dir
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * Tessera's own folder. Walking up works from the source (src/main/agents) and from
 * the bundle (out/main or out/main/chunks), whichever file this code ended up in.
 */
export function appRoot(): string | undefined {
  if (cached === undefined) cached = findAppRoot(__dirname) ?? null
  return cached ?? undefined
}
