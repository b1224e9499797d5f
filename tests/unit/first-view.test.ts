import { afterEach, describe, expect, it, vi } from 'vitest'
import { FirstView } from '../../src/main/recovery'

// Restored programs wait until a client drew every restored pane's screen, or a while.

afterEach(() => vi.useRealTimers())

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false
  void promise.then(() => (done = true))
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('FirstView', () => {
  it('opens once every restored pane was shown, not before', async () => {
    vi.useFakeTimers()
    const view = new FirstView()
    const shown = view.wait(['a', 'b'])
    view.shown('a')
    view.shown('a')
    view.shown('other')
    expect(await settled(shown)).toBe(false)
    view.shown('b')
    expect(await settled(shown)).toBe(true)
  })

  it('opens after the wait when no client comes, and at once for no panes', async () => {
    vi.useFakeTimers()
    const view = new FirstView()
    const shown = view.wait(['a'], 2_000)
    await vi.advanceTimersByTimeAsync(1_999)
    expect(await settled(shown)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(shown)).toBe(true)
    expect(await settled(new FirstView().wait([]))).toBe(true)
  })

  it('never opens once disposed (the host is stopping)', async () => {
    vi.useFakeTimers()
    const view = new FirstView()
    const shown = view.wait(['a'], 2_000)
    view.dispose()
    view.shown('a')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await settled(shown)).toBe(false)
  })
})
