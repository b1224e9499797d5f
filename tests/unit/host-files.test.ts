import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, loadOrCreateSecret, secretMatches } from '../../src/main/host'

describe('per-install secret', () => {
  it('is created once, owner-only, and reused', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tessera-secret-')), 'data')
    const first = loadOrCreateSecret(dir)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(join(dir, 'secret')).mode & 0o077).toBe(0)
    expect(loadOrCreateSecret(dir)).toBe(first)
  })

  it('replaces a damaged secret file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-secret-'))
    writeFileSync(join(dir, 'secret'), 'garbage')
    const secret = loadOrCreateSecret(dir)
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(secret)
  })

  it('matches only the exact secret', () => {
    const secret = 'f'.repeat(64)
    expect(secretMatches(secret, secret)).toBe(true)
    expect(secretMatches(secret, secret.slice(1))).toBe(false)
    expect(secretMatches(secret, '')).toBe(false)
    expect(secretMatches(secret, null)).toBe(false)
  })
})

describe('default data dir', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Tessera')
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/Tessera')
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Tessera')
  })
})
