import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TesseraClient } from '../../src/shared/bridge'
import type { ClosableClient, HostLink } from '../../src/renderer/src/bridge/host-link'
import { HostSession, REFUSED_TEXT, type SessionWorkbench } from '../../src/renderer/src/state/host-session'

// The page's connection over time, on a fake clock: retries until the host is back, a new
// workbench per connection (the old one disposed), and the desktop's IPC left alone.

class FakeClient {
  closed = false
  constructor(readonly lose: () => void) {}
  call = (): Promise<never> => Promise.reject(new Error('no calls here'))
  on = (): (() => void) => () => undefined
  close(): void {
    this.closed = true
  }
}

class FakeWorkbench implements SessionWorkbench {
  disposed = false
  constructor(
    readonly client: TesseraClient,
    readonly previous: FakeWorkbench | null,
    private readonly starting: (workbench: FakeWorkbench) => Promise<void>
  ) {}
  start = (): Promise<void> => this.starting(this)
  dispose(): void {
    this.disposed = true
  }
}

/** A browser-mode host that can be down, refuse the token, or be up. */
class FakeHost {
  state: 'down' | 'refusing' | 'up' = 'down'
  tries = 0
  readonly clients: FakeClient[] = []
  readonly link: HostLink = {
    kind: 'socket',
    reachable: async () => (this.tries++, this.state !== 'down'),
    open: async (onClose) => {
      if (this.state !== 'up') throw new Error('refused')
      const client = new FakeClient(onClose)
      this.clients.push(client)
      return client as unknown as ClosableClient
    }
  }
  lastClient(): FakeClient {
    const client = this.clients.at(-1)
    if (!client) throw new Error('no client yet')
    return client
  }
}

function session(link: () => HostLink, starting: (workbench: FakeWorkbench) => Promise<void> = async () => undefined): HostSession<FakeWorkbench> {
  return new HostSession<FakeWorkbench>(link, (client, previous) => new FakeWorkbench(client, previous, starting))
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('HostSession in browser mode', () => {
  it('retries an unreachable host after 250 ms, 500 ms, 1 s, then every 2 s, and connects when it is up', async () => {
    const host = new FakeHost()
    const subject = session(() => host.link)
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(host.tries).toBe(1)
    expect(subject.get().link).toEqual({ phase: 'retrying' })
    const triesAfter = async (ms: number): Promise<number> => (await vi.advanceTimersByTimeAsync(ms), host.tries)
    expect([await triesAfter(249), await triesAfter(1)]).toEqual([1, 2])
    expect([await triesAfter(499), await triesAfter(1)]).toEqual([2, 3])
    expect([await triesAfter(999), await triesAfter(1)]).toEqual([3, 4])
    expect([await triesAfter(1999), await triesAfter(1)]).toEqual([4, 5])
    expect([await triesAfter(1999), await triesAfter(1)]).toEqual([5, 6])
    expect(subject.get().workbench).toBeNull()

    host.state = 'up'
    await vi.advanceTimersByTimeAsync(2000)
    const { link, workbench, generation } = subject.get()
    expect(link).toEqual({ phase: 'connected' })
    expect(workbench?.client).toBe(host.lastClient())
    expect(generation).toBe(1)
  })

  it('says the token was refused when the host answers but will not let the page in', async () => {
    const host = new FakeHost()
    host.state = 'refusing'
    const subject = session(() => host.link)
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(subject.get().link).toEqual({ phase: 'retrying', problem: REFUSED_TEXT })
  })

  it('keeps the old workbench shown while retrying, then replaces and disposes it; the backoff starts over', async () => {
    const host = new FakeHost()
    host.state = 'up'
    const subject = session(() => host.link)
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    const first = subject.get().workbench
    if (!first) throw new Error('not connected')

    host.state = 'down'
    host.lastClient().lose()
    expect(subject.get().link).toEqual({ phase: 'retrying' })
    expect(subject.get().workbench).toBe(first)
    expect(first.disposed).toBe(false)
    await vi.advanceTimersByTimeAsync(250 + 500)
    expect(subject.get().workbench).toBe(first)

    host.state = 'up'
    await vi.advanceTimersByTimeAsync(1000)
    const second = subject.get().workbench
    expect(subject.get().link).toEqual({ phase: 'connected' })
    expect(second).not.toBe(first)
    expect(second?.previous).toBe(first)
    expect(first.disposed).toBe(true)
    expect(second?.disposed).toBe(false)
    expect(subject.get().generation).toBe(2)

    // Lost again: the first retry comes 250 ms later, not 2 s.
    const tries = host.tries
    host.lastClient().lose()
    await vi.advanceTimersByTimeAsync(250)
    expect(host.tries).toBe(tries + 1)
    expect(subject.get().generation).toBe(3)
  })

  it('drops a connection lost while its workbench starts, and tries again', async () => {
    const host = new FakeHost()
    host.state = 'up'
    let loseWhileStarting = true
    const subject = session(
      () => host.link,
      async () => {
        if (!loseWhileStarting) return
        loseWhileStarting = false
        host.lastClient().lose()
      }
    )
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(subject.get().link).toEqual({ phase: 'retrying' })
    expect(subject.get().workbench).toBeNull()
    expect(host.clients[0]?.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(250)
    expect(subject.get().link).toEqual({ phase: 'connected' })
    expect(subject.get().workbench?.client).toBe(host.clients[1])
  })

  it('closes a connection whose workbench fails to start, and shows why while it retries', async () => {
    const host = new FakeHost()
    host.state = 'up'
    const subject = session(
      () => host.link,
      async () => {
        throw new Error('layout.get failed')
      }
    )
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(subject.get().link).toEqual({ phase: 'retrying', problem: 'layout.get failed' })
    expect(host.clients[0]?.closed).toBe(true)
  })

  it('stops retrying and disposes its workbench when stopped', async () => {
    const host = new FakeHost()
    host.state = 'up'
    const subject = session(() => host.link)
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    const workbench = subject.get().workbench
    host.state = 'down'
    host.lastClient().lose()
    subject.stop()
    const tries = host.tries
    await vi.advanceTimersByTimeAsync(10_000)
    expect(host.tries).toBe(tries)
    expect(workbench?.disposed).toBe(true)
    expect(subject.get().workbench).toBeNull()
  })
})

describe('HostSession with the desktop IPC or no way in', () => {
  const ipc = (): HostLink => ({ kind: 'ipc', client: new FakeClient(() => undefined) as unknown as TesseraClient })

  it('starts one workbench on the IPC client', async () => {
    const subject = session(ipc)
    subject.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(subject.get().link).toEqual({ phase: 'connected' })
    expect(subject.get().generation).toBe(1)
  })

  it('shows why the IPC workbench failed to start, without retrying', async () => {
    let starts = 0
    const subject = session(ipc, async () => {
      starts++
      throw new Error('no host')
    })
    subject.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(subject.get().link).toEqual({ phase: 'failed', message: 'no host' })
    expect(starts).toBe(1)
  })

  it('shows why an address can never connect', async () => {
    const subject = session(() => {
      throw new Error('This address has no access token.')
    })
    subject.start()
    expect(subject.get().link).toEqual({ phase: 'failed', message: 'This address has no access token.' })
  })
})
