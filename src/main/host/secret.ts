import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SECRET_FILE = 'secret'

/**
 * The per-install secret that every browser-mode connection must present (or, by another
 * file name, another such token: the MCP server's). Created once, readable by the owner only.
 */
export function loadOrCreateSecret(dataDir: string, fileName: string = SECRET_FILE): string {
  const file = join(dataDir, fileName)
  try {
    const existing = readFileSync(file, 'utf8').trim()
    if (/^[0-9a-f]{64}$/.test(existing)) return existing
  } catch {
    // Missing or unreadable: fall through and create a fresh one.
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

/** Constant-time comparison; hashing first makes the lengths equal. */
export function secretMatches(expected: string, presented: string | null | undefined): boolean {
  if (typeof presented !== 'string') return false
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(expected), digest(presented))
}
