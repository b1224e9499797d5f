import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FlowControl, MIRROR_QUIET_MS, MirrorFeed, type FlowOptions, type MirrorSink } from '../../src/main/pty'

const OPTIONS: FlowOptions = { highWatermark: 1000, lowWatermark: 100, clientTimeoutMs: 500 }

let transitions: boolean[]
let flow: FlowControl

beforeEach(() => {
  vi.useFakeTimers()
  transitions = []
  flow = new FlowControl((paused) => transitions.push(paused), OPTIONS)
})

afterEach(() => {
  flow.dispose()
  vi.useRealTimers()
})

describe('FlowControl', () => {
  it('never pauses a pane no client acknowledges', () => {
    for (let i = 0; i < 100; i++) flow.sent(10_000)
    expect(transitions).toEqual([])
    expect(flow.stats()).toMatchObject({ paused: false, unacked: 0 })
  })

  it('pauses above the high watermark and resumes only below the low one', () => {
    flow.ack(1) // a client is attached
    flow.sent(900)
    expect(transitions).toEqual([])
    flow.sent(200) // 1100 > 1000
    expect(transitions).toEqual([true])
    flow.ack(900) // 200: still above the low watermark
    expect(transitions).toEqual([true])
    flow.ack(150) // 50 < 100
    expect(transitions).toEqual([true, false])
    expect(flow.stats()).toEqual({ paused: false, pauses: 1, resumes: 1, unacked: 50 })
  })

  it('counts acks from any client, never below zero', () => {
    flow.ack(1)
    flow.sent(1500)
    flow.ack(1500) // one tab
    flow.ack(1500) // another tab parsed the same output
    expect(flow.stats()).toMatchObject({ paused: false, unacked: 0 })
    flow.sent(1001)
    expect(flow.stats().paused).toBe(true)
  })

  it('resumes when the client stops acknowledging, and stops counting until it returns', () => {
    flow.ack(1)
    flow.sent(2000)
    expect(transitions).toEqual([true])
    vi.advanceTimersByTime(499)
    expect(transitions).toEqual([true])
    vi.advanceTimersByTime(1)
    expect(transitions).toEqual([true, false])
    flow.sent(50_000) // nobody is counted as watching
    expect(flow.stats()).toMatchObject({ paused: false, unacked: 0 })
    flow.ack(10) // the client is back: counting starts afresh
    flow.sent(1001)
    expect(flow.stats()).toMatchObject({ paused: true, unacked: 1001 })
  })

  it('resumes at once when told the clients left, and counts again from the next ack', () => {
    flow.ack(1)
    flow.sent(2000)
    flow.detach()
    expect(transitions).toEqual([true, false])
    flow.sent(50_000)
    expect(flow.stats()).toMatchObject({ paused: false, unacked: 0 })
    flow.ack(1)
    flow.sent(1001)
    expect(flow.stats()).toMatchObject({ paused: true, unacked: 1001 })
  })

  it('counts the first burst after a long quiet spell from its first byte', () => {
    flow.ack(1)
    vi.advanceTimersByTime(60_000) // the pane printed nothing for a minute
    flow.sent(1001)
    expect(transitions).toEqual([true])
  })

  it('lets go of a client that left while the pane was quiet once output goes unacknowledged', () => {
    flow.ack(1)
    vi.advanceTimersByTime(60_000)
    flow.sent(500) // below the high watermark: no pause, but nobody acks it
    vi.advanceTimersByTime(500)
    flow.sent(50_000)
    expect(transitions).toEqual([])
    expect(flow.stats().unacked).toBe(0)
  })

  it('keeps a slow but live client in control: each ack restarts its timeout', () => {
    flow.ack(1)
    flow.sent(5000)
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(400)
      flow.ack(100)
    }
    expect(transitions).toEqual([true])
    expect(flow.stats().unacked).toBe(4000)
  })
})

describe('MirrorFeed (the mirror never holds the PTY back)', () => {
  function feed(accepts = true): { feed: MirrorFeed; log: string[] } {
    const log: string[] = []
    const sink: MirrorSink = {
      reopen: (paneId) => void log.push(`reopen ${paneId}`),
      write: (paneId, data) => (log.push(`write ${paneId} ${data}`), accepts)
    }
    return { feed: new MirrorFeed('p', sink, () => 'BACKLOG', 10), log }
  }

  it('posts frames while the mirror keeps up, counting what it has not parsed', () => {
    const { feed: f, log } = feed()
    f.write('abc')
    f.write('defgh')
    f.parsed(3)
    expect(log).toEqual(['write p abc', 'write p defgh'])
    expect(f.stats()).toEqual({ mirrorLag: 5, mirrorResyncs: 0 })
  })

  it('drops frames past the lag limit and rebuilds from the backlog once the pane is quiet', () => {
    const { feed: f, log } = feed()
    f.write('0123456789X') // lag 11 > 10
    f.write('dropped-1')
    f.write('dropped-2')
    expect(log).toEqual(['write p 0123456789X'])
    vi.advanceTimersByTime(MIRROR_QUIET_MS - 1)
    f.write('dropped-3') // still printing: wait on
    vi.advanceTimersByTime(MIRROR_QUIET_MS - 1)
    expect(log).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(log).toEqual(['write p 0123456789X', 'reopen p', 'write p BACKLOG'])
    expect(f.stats()).toEqual({ mirrorLag: 18, mirrorResyncs: 1 })
  })

  it('rebuilds at once when someone reads a stale mirror, and after a worker restart', () => {
    const { feed: f, log } = feed()
    f.write('0123456789X')
    f.write('dropped')
    f.beforeRead()
    expect(log.slice(1)).toEqual(['reopen p', 'write p BACKLOG'])
    f.beforeRead() // not stale: nothing to do
    f.reset()
    expect(log.slice(3)).toEqual(['reopen p', 'write p BACKLOG'])
    expect(f.stats()).toEqual({ mirrorLag: 7, mirrorResyncs: 2 })
  })

  it('counts nothing when no mirror takes the data', () => {
    const { feed: f } = feed(false)
    for (let i = 0; i < 10; i++) f.write('0123456789')
    expect(f.stats().mirrorLag).toBe(0)
  })
})
