import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FastForward } from '../../src/main/pty/fast-forward'

// When a skip refreshes the screen, when it ends and what it sends then, on a fake clock.

const OPTIONS = { refreshMs: 250, quietMs: 100 }

function skipper(wanted = { value: true }) {
  const calls: string[] = []
  const fastForward = new FastForward(
    {
      replace: (extent) => calls.push(extent),
      stillWanted: () => wanted.value,
      ended: () => calls.push('ended')
    },
    OPTIONS
  )
  return { fastForward, calls, wanted }
}

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe('FastForward', () => {
  it('shows the newest screen at once and every refresh while output flows, then the backlog once it stops', () => {
    const { fastForward, calls } = skipper()
    fastForward.start()
    expect(calls).toEqual(['screen'])
    for (let ms = 0; ms < 600; ms += 20) {
      vi.advanceTimersByTime(20)
      fastForward.output()
    }
    expect(calls).toEqual(['screen', 'screen', 'screen'])
    expect(fastForward.skipping).toBe(true)
    vi.advanceTimersByTime(OPTIONS.quietMs + 25)
    expect(calls).toEqual(['screen', 'screen', 'screen', 'all', 'ended'])
    expect(fastForward.skipping).toBe(false)
    vi.advanceTimersByTime(1_000)
    expect(calls).toHaveLength(5) // nothing more once over
  })

  it('ends at the next tick when the pane is no longer the one in use', () => {
    const { fastForward, calls, wanted } = skipper()
    fastForward.start()
    wanted.value = false
    fastForward.output()
    vi.advanceTimersByTime(30)
    expect(calls).toEqual(['screen', 'all', 'ended'])
  })

  it('ends at once on finish(), and finish() without a skip does nothing', () => {
    const { fastForward, calls } = skipper()
    fastForward.finish()
    expect(calls).toEqual([])
    fastForward.start()
    fastForward.start() // already skipping: no second start
    fastForward.finish()
    expect(calls).toEqual(['screen', 'all', 'ended'])
    expect(fastForward.count).toBe(1)
  })
})
