import { describe, expect, it } from 'vitest'
import { MAX_RETRY_MS, retryDelay } from '../../src/renderer/src/bridge/backoff'

describe('retryDelay', () => {
  it('starts at 250 ms and doubles up to 2 s', () => {
    expect([0, 1, 2, 3].map(retryDelay)).toEqual([250, 500, 1000, 2000])
  })

  it('stays at 2 s however long the host is away', () => {
    for (const attempt of [4, 10, 100, 10_000]) expect(retryDelay(attempt)).toBe(MAX_RETRY_MS)
  })
})
