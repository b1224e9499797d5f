import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MIRROR_QUIET_MS, MirrorFeed, type MirrorSink } from '../../src/main/pty'

// A long burst of output is not parsed as it comes; the mirror catches up from the
// backlog once the pane calms down (the lag limit is out of the way here: 1e9).

const BURST_LIMIT = 10

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

function feed(): { feed: MirrorFeed; log: string[] } {
  const log: string[] = []
  const sink: MirrorSink = {
    reopen: (paneId) => void log.push(`reopen ${paneId}`),
    write: (paneId, data) => (log.push(`write ${paneId} ${data}`), true)
  }
  return { feed: new MirrorFeed('p', sink, () => 'BACKLOG', 1e9, BURST_LIMIT), log }
}

describe('MirrorFeed during a burst', () => {
  it('stops posting a burst past the limit and rebuilds from the backlog once the pane is quiet', () => {
    const { feed: f, log } = feed()
    f.write('012345')
    vi.advanceTimersByTime(5) // a flood's frames come a few ms apart
    f.write('6789X') // 11 characters without a pause: over the limit
    vi.advanceTimersByTime(5)
    f.write('more')
    expect(log).toEqual(['write p 012345'])
    vi.advanceTimersByTime(MIRROR_QUIET_MS - 1)
    expect(log).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(log).toEqual(['write p 012345', 'reopen p', 'write p BACKLOG'])
    expect(f.stats().mirrorResyncs).toBe(1)
    f.write('after') // a new burst is posted again
    expect(log.at(-1)).toBe('write p after')
  })

  it('posts every frame of output that pauses between short bursts', () => {
    const { feed: f, log } = feed()
    for (const frame of ['0123456', '789abcd', 'efghijk']) {
      f.write(frame)
      vi.advanceTimersByTime(MIRROR_QUIET_MS)
    }
    expect(log).toEqual(['write p 0123456', 'write p 789abcd', 'write p efghijk'])
    expect(f.stats().mirrorResyncs).toBe(0)
  })

  it('catches up at once when the mirror is read mid-burst', () => {
    const { feed: f, log } = feed()
    f.write('0123')
    f.write('456789X') // crosses the limit: not posted
    f.beforeRead()
    expect(log).toEqual(['write p 0123', 'reopen p', 'write p BACKLOG'])
  })
})
