import { afterEach, describe, expect, it, vi } from 'vitest'
import { InterruptWatch, TurnTracker } from '../../src/main/sessions'

// A turn that no hook ends (Esc, a permission answered No) ends as interrupted once the pane
// stays idle past the grace a late Stop hook gets.

afterEach(() => vi.useRealTimers())

function rig(): { turns: TurnTracker; watch: InterruptWatch; idle: Set<string> } {
  vi.useFakeTimers()
  const turns = new TurnTracker()
  const idle = new Set<string>()
  return { turns, idle, watch: new InterruptWatch({ turns, isIdle: (paneId) => idle.has(paneId) }, 2_000) }
}

describe('InterruptWatch', () => {
  it('ends an open turn as interrupted when the pane stays idle without a Stop', async () => {
    const { turns, watch, idle } = rig()
    const mark = turns.mark('p')
    turns.hook('p', 'UserPromptSubmit', { prompt_id: 'a' })
    idle.add('p')
    watch.statusChanged('p', 'idle')
    await vi.advanceTimersByTimeAsync(1_999)
    expect(turns.endSince(mark)).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(turns.endSince(mark)).toMatchObject({ outcome: 'interrupted' })
    expect(turns.hasOpenTurn('p')).toBe(false)
  })

  it('lets a Stop that comes even later still tell how the turn ended', async () => {
    const { turns, watch, idle } = rig()
    const mark = turns.mark('p')
    turns.hook('p', 'UserPromptSubmit', { prompt_id: 'a' })
    idle.add('p')
    watch.statusChanged('p', 'idle')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(turns.endSince(mark)?.outcome).toBe('interrupted')
    turns.hook('p', 'Stop', { prompt_id: 'a', last_assistant_message: 'Done after all.' })
    expect(turns.endSince(mark)).toEqual(expect.objectContaining({ outcome: 'stop', message: 'Done after all.' }))
  })

  it('lets a Stop that comes late within the grace end the turn, with its message', async () => {
    const { turns, watch, idle } = rig()
    const mark = turns.mark('p')
    turns.hook('p', 'UserPromptSubmit', { prompt_id: 'a' })
    idle.add('p')
    watch.statusChanged('p', 'idle')
    turns.hook('p', 'Stop', { prompt_id: 'a', last_assistant_message: 'Done.' })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(turns.endSince(mark)).toEqual(expect.objectContaining({ outcome: 'stop', message: 'Done.' }))
  })

  it('does nothing for a pane that is working again, or that has no turn under way', async () => {
    const { turns, watch, idle } = rig()
    watch.statusChanged('p', 'idle')
    const mark = turns.mark('p')
    turns.hook('p', 'UserPromptSubmit', { prompt_id: 'a' })
    watch.statusChanged('p', 'idle') // a stale idle; the pane is working by the time it is checked
    await vi.advanceTimersByTimeAsync(5_000)
    expect(turns.endSince(mark)).toBeUndefined()
    expect(idle.size).toBe(0)
  })
})
