import { describe, expect, it } from 'vitest'
import { retryOnScreen } from '../../src/main/status/screen-reasons'

// Claude Code retries a 429/529 with no hook and no status-file write; its spinner row says so.
// The rows below are what 2.1.197 and 2.1.332 print (read from their screens against the fake API).

describe('retryOnScreen', () => {
  it('reads the retry row of both CLI versions', () => {
    expect(retryOnScreen(['', '✻ API error · Retrying in 2s · attempt 2/10', ''])).toBe('retrying after API error (attempt 2/10)')
    expect(retryOnScreen(['❯ hello', '✻ 529 Overloaded · retrying in 3s · attempt 3/10'])).toBe('retrying after 529 Overloaded (attempt 3/10)')
  })

  it('finds nothing once the turn moved on', () => {
    expect(retryOnScreen(['● Finally done.', '✻ Crunched for 8s', '❯ '])).toBeUndefined()
    expect(retryOnScreen([])).toBeUndefined()
  })
})
