import { describe, expect, it } from 'vitest'
import { boxHolds, inputBox, TurnTracker } from '../../src/main/sessions'

// The turn tracker matches a turn's end to the prompt that started it, whatever order the
// hooks (separate processes) arrive in; the input box parser reads Claude Code's prompt box.

const PANE = 'pane-1'
const stop = (promptId?: string, message = 'done'): Record<string, unknown> => ({ ...(promptId && { prompt_id: promptId }), last_assistant_message: message, session_id: 'S' })

describe('TurnTracker', () => {
  it('ends the turn submitted after the mark with its Stop', async () => {
    const turns = new TurnTracker(() => 42)
    const mark = turns.mark(PANE)
    const ended = turns.waitForEnd(mark)
    turns.hook(PANE, 'UserPromptSubmit', { prompt_id: 'P1' })
    expect(turns.submittedSince(mark)).toBe(true)
    expect(turns.endSince(mark)).toBeUndefined()
    turns.hook(PANE, 'Stop', stop('P1', 'The answer.'))
    await expect(ended).resolves.toEqual({ outcome: 'stop', message: 'The answer.', sessionId: 'S', at: 42 })
  })

  it('keeps a Stop that arrives before its UserPromptSubmit, and matches it by prompt id', async () => {
    const turns = new TurnTracker()
    const mark = turns.mark(PANE)
    turns.hook(PANE, 'Stop', stop('P1', 'fast'))
    expect(turns.endSince(mark)).toBeUndefined()
    turns.hook(PANE, 'UserPromptSubmit', { prompt_id: 'P1' })
    expect(turns.endSince(mark)).toMatchObject({ outcome: 'stop', message: 'fast' })
    // Asked after it all happened: still found.
    await expect(turns.waitForEnd(mark)).resolves.toMatchObject({ message: 'fast' })
  })

  it("ignores a late Stop of an earlier turn (another prompt's id)", () => {
    const turns = new TurnTracker()
    turns.hook(PANE, 'UserPromptSubmit', { prompt_id: 'P0' })
    const mark = turns.mark(PANE)
    turns.hook(PANE, 'UserPromptSubmit', { prompt_id: 'P1' })
    turns.hook(PANE, 'Stop', stop('P0', 'old'))
    expect(turns.endSince(mark)).toBeUndefined()
    turns.hook(PANE, 'StopFailure', { prompt_id: 'P1', error: 'rate_limit' })
    expect(turns.endSince(mark)).toMatchObject({ outcome: 'failure', message: 'rate_limit' })
  })

  it('without prompt ids, the first end heard after the mark counts once a prompt was submitted', () => {
    const turns = new TurnTracker()
    const mark = turns.mark(PANE)
    turns.hook(PANE, 'Stop', stop(undefined, 'anonymous'))
    expect(turns.endSince(mark)).toBeUndefined()
    turns.hook(PANE, 'UserPromptSubmit', {})
    expect(turns.endSince(mark)).toMatchObject({ message: 'anonymous' })
  })

  it('an agent that exits mid-turn ends the turn; one that exits before any prompt too', () => {
    const turns = new TurnTracker()
    const mark = turns.mark(PANE)
    turns.hook(PANE, 'UserPromptSubmit', { prompt_id: 'P1' })
    turns.exited(PANE, 'signal 9')
    expect(turns.endSince(mark)).toMatchObject({ outcome: 'exited', message: 'signal 9' })
    const later = turns.mark(PANE)
    turns.exited(PANE, 'exit code 1')
    expect(turns.endSince(later)).toMatchObject({ outcome: 'exited', message: 'exit code 1' })
  })

  it('keeps panes apart and stops waiting when aborted', async () => {
    const turns = new TurnTracker()
    const mark = turns.mark(PANE)
    turns.hook('other', 'UserPromptSubmit', { prompt_id: 'P1' })
    turns.hook('other', 'Stop', stop('P1'))
    expect(turns.endSince(mark)).toBeUndefined()
    const abort = new AbortController()
    const waiting = turns.waitForEnd(mark, abort.signal)
    abort.abort(new Error('paused'))
    await expect(waiting).rejects.toThrow('paused')
  })
})

describe('the input box on screen', () => {
  const rule = '─'.repeat(60)
  const screen = (...box: string[]): string[] => ['╭─── Claude Code ───╮', '', '> old prompt', rule, ...box, rule, '  ? for shortcuts']

  it('reads the last box between full-width rules, with what it holds', () => {
    expect(inputBox(screen('❯ '))).toEqual({ text: ' ', below: ['  ? for shortcuts'] })
    expect(inputBox(['no box here'])).toBeUndefined()
    // A stale frame above: the last box is the live one.
    expect(inputBox([rule, '❯ stale', rule, 'output', rule, '❯ live text', rule])?.text).toBe(' live text')
  })

  it('knows pasted text by its end, or by the "[Pasted text #n]" placeholder', () => {
    const long = `Task: title\n\n${'word '.repeat(50)}the very end`
    expect(boxHolds(inputBox(screen('❯ Task: title', '  word word word word word the very end')), long)).toBe(true)
    expect(boxHolds(inputBox(screen('❯ [Pasted text #1 +6 lines]')), long)).toBe(true)
    expect(boxHolds(inputBox(screen('❯ ')), long)).toBe(false)
    expect(boxHolds(undefined, long)).toBe(false)
  })
})
