import { describe, expect, it } from 'vitest'
import { restoredText } from '../../src/renderer/src/grid/restored-text'

// Local times on both sides, so the test holds in any time zone.
const local = (year: number, month: number, day: number, hours: number, minutes: number): Date => new Date(year, month - 1, day, hours, minutes)
const now = local(2026, 3, 14, 16, 30).getTime()

describe('restoredText', () => {
  it('says only the time for a screen saved today', () => {
    expect(restoredText(local(2026, 3, 14, 9, 5).toISOString(), now)).toBe('Restored from 09:05')
  })

  it('adds the day for a screen saved before today', () => {
    expect(restoredText(local(2026, 3, 13, 23, 59).toISOString(), now)).toBe('Restored from 13 Mar 23:59')
  })

  it('adds the year for a screen saved in another year', () => {
    expect(restoredText(local(2025, 12, 31, 0, 0).toISOString(), now)).toBe('Restored from 31 Dec 2025 00:00')
  })

  it('says "Restored" when the saved time cannot be read', () => {
    expect(restoredText('not a time', now)).toBe('Restored')
  })
})
