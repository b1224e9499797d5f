import { describe, expect, it } from 'vitest'
import { nextAttentionPane, type PaneStatus } from '../../src/shared/status'
import { initialStatus, reduce, type StatusSignal, type TrackedStatus } from '../../src/main/status'

// The per-pane state machine, signal by signal. Times are ms on one clock.

const hook = (event: string, at: number, payload: Record<string, unknown> = {}): StatusSignal => ({
  kind: 'hook',
  event,
  payload: { session_id: 'S1', ...payload },
  at
})
const file = (status: 'busy' | 'idle' | 'waiting', updatedAt: number, at = updatedAt + 5): StatusSignal => ({ kind: 'cliStatus', status, updatedAt, at })

function run(signals: StatusSignal[], start: TrackedStatus = initialStatus('hooks', 0)): TrackedStatus[] {
  const states: TrackedStatus[] = []
  let current = start
  for (const signal of signals) states.push((current = reduce(current, signal)))
  return states
}
const statesOf = (signals: StatusSignal[]): string[] => run(signals).map((tracked) => tracked.status.state)
const last = (signals: StatusSignal[]): PaneStatus => run(signals).at(-1)?.status as PaneStatus

describe('status state machine', () => {
  it('follows a turn with a tool and a permission, event by event', () => {
    expect(
      statesOf([
        hook('SessionStart', 10, { source: 'startup' }),
        hook('UserPromptSubmit', 20),
        hook('PreToolUse', 30, { tool_use_id: 't1', tool_name: 'Bash' }),
        hook('PermissionRequest', 80, { tool_use_id: 't1', tool_name: 'Bash' }),
        hook('PostToolUse', 900, { tool_use_id: 't1' }),
        hook('Stop', 1000)
      ])
    ).toEqual(['idle', 'working', 'working', 'waiting', 'working', 'idle'])
  })

  it('keeps `since` while the state holds and moves it on change', () => {
    const states = run([hook('SessionStart', 10), hook('UserPromptSubmit', 20), hook('PreToolUse', 30), hook('Stop', 50)])
    expect(states.map((tracked) => tracked.status.since)).toEqual([10, 20, 20, 50])
  })

  it('records the session id from every event, following /clear', () => {
    const status = last([hook('SessionStart', 10), hook('SessionEnd', 20, { reason: 'clear' }), hook('SessionStart', 25, { session_id: 'S2', source: 'clear' })])
    expect(status).toMatchObject({ state: 'idle', sessionId: 'S2' })
  })

  it('shows StopFailure as error with its reason, naming a 529 overloaded', () => {
    const overloaded = last([
      hook('SessionStart', 1),
      hook('UserPromptSubmit', 2),
      hook('StopFailure', 3, { error: 'server_error', last_assistant_message: 'API Error: 529 Overloaded. This is a server-side issue' })
    ])
    expect(overloaded).toMatchObject({ state: 'error', reason: 'overloaded (529 Overloaded)' })
    expect(last([hook('UserPromptSubmit', 2), hook('StopFailure', 3, { error: 'rate_limit' })])).toMatchObject({ state: 'error', reason: 'rate_limit' })
  })

  it('names a retry inside a turn from the screen, clears it, and ends it with the turn', () => {
    const retry = (reason: string | undefined, at: number): StatusSignal => ({ kind: 'retry', reason, at })
    const states = run([
      hook('SessionStart', 1),
      retry('retrying after 529 Overloaded (attempt 1/10)', 5),
      hook('UserPromptSubmit', 10),
      retry('retrying after 529 Overloaded (attempt 2/10)', 20),
      retry(undefined, 30),
      retry('retrying after API error (attempt 3/10)', 40),
      hook('Stop', 50)
    ])
    expect(states.map(({ status }) => [status.state, status.reason])).toEqual([
      ['idle', undefined],
      ['idle', undefined], // not working: nothing to name
      ['working', undefined],
      ['working', 'retrying after 529 Overloaded (attempt 2/10)'],
      ['working', undefined],
      ['working', 'retrying after API error (attempt 3/10)'],
      ['idle', undefined]
    ])
    // A named retry is still the same working spell, and decides nothing a status-file write could be compared with.
    expect(states[3]?.status.since).toBe(10)
    expect(states[3]?.decidedAt).toBe(states[2]?.decidedAt)
  })

  describe('gaps no hook reports, filled by the CLI status file', () => {
    const waiting = [hook('SessionStart', 1), hook('UserPromptSubmit', 10), hook('PreToolUse', 20, { tool_use_id: 't1' }), hook('PermissionRequest', 70, { tool_use_id: 't1' })]

    it('permission denied: the file says idle after the wait began', () => {
      expect(last([...waiting, file('waiting', 90), file('idle', 2_000)]).state).toBe('idle')
    })

    it('Esc while a reply streams: the file says idle', () => {
      expect(last([hook('UserPromptSubmit', 10), file('busy', 60), file('idle', 500)]).state).toBe('idle')
    })

    it('a stale file older than the last hook changes nothing', () => {
      expect(last([hook('UserPromptSubmit', 1_000), file('idle', 400, 1_010)]).state).toBe('working')
    })

    it('an error stays until the next turn, even when the file says idle', () => {
      expect(last([hook('UserPromptSubmit', 10), hook('StopFailure', 50, { error: 'rate_limit' }), file('idle', 120)]).state).toBe('error')
      expect(last([hook('UserPromptSubmit', 10), hook('StopFailure', 50, { error: 'rate_limit' }), hook('UserPromptSubmit', 900)]).state).toBe('working')
    })
  })

  describe('out-of-order arrival', () => {
    it('a PostToolUse arriving after Stop does not reopen the finished turn', () => {
      expect(last([hook('UserPromptSubmit', 10), hook('PreToolUse', 20), hook('Stop', 100), hook('PostToolUse', 101, { tool_use_id: 't1' })]).state).toBe('idle')
    })

    it('a PermissionRequest arriving after its tool finished is stale', () => {
      const signals = [hook('UserPromptSubmit', 10), hook('PostToolUse', 200, { tool_use_id: 't1' }), hook('PermissionRequest', 201, { tool_use_id: 't1' })]
      expect(last(signals).state).toBe('working')
    })

    it('tool events before any prompt (a late delivery from an old turn) are ignored', () => {
      expect(last([hook('SessionStart', 1), hook('PreToolUse', 5)]).state).toBe('idle')
    })

    describe("by prompt_id: the CLI stamps every hook with its latest prompt's id", () => {
      const turn1 = { prompt_id: 'P1' }
      const turn2 = { prompt_id: 'P2' }
      // Turn 1 ended on screen; its Stop POST arrives only after turn 2's UserPromptSubmit.
      const lateStop = [hook('SessionStart', 1), hook('UserPromptSubmit', 10, turn1), hook('UserPromptSubmit', 300, turn2), hook('Stop', 310, turn1)]

      it("a late Stop of the previous turn keeps the new turn working and open", () => {
        const tracked = run(lateStop).at(-1) as TrackedStatus
        expect(tracked.status.state).toBe('working')
        expect(tracked.turnOpen).toBe(true)
        // The turn is still open: its own tool events count.
        expect(last([...lateStop, hook('PermissionRequest', 400, { ...turn2, tool_name: 'Bash' })])).toMatchObject({ state: 'waiting', reason: 'permission: Bash' })
      })

      it("the current turn's Stop still ends it", () => {
        expect(statesOf([...lateStop, hook('Stop', 900, turn2)]).slice(-2)).toEqual(['working', 'idle'])
        expect(last([hook('UserPromptSubmit', 10, turn1), hook('Stop', 100, turn1)]).state).toBe('idle')
      })

      it('a late StopFailure, PermissionRequest or idle Notification of the previous turn changes nothing', () => {
        const open = [hook('UserPromptSubmit', 10, turn1), hook('UserPromptSubmit', 300, turn2)]
        expect(last([...open, hook('StopFailure', 310, { ...turn1, error: 'rate_limit' })]).state).toBe('working')
        expect(last([...open, hook('PermissionRequest', 310, { ...turn1, tool_name: 'Bash' })]).state).toBe('working')
        expect(last([...open, hook('Stop', 310, turn1), hook('Notification', 320, { ...turn1, notification_type: 'idle_prompt' })]).state).toBe('working')
      })

      it('a late event of an earlier turn does not bring back the old session id', () => {
        const signals = [hook('UserPromptSubmit', 10, turn1), hook('UserPromptSubmit', 300, { ...turn2, session_id: 'S2' }), hook('Stop', 310, turn1)]
        expect(last(signals)).toMatchObject({ state: 'working', sessionId: 'S2' })
      })

      it('events without a prompt_id, or with one no UserPromptSubmit named, behave as before', () => {
        expect(last([hook('UserPromptSubmit', 10, turn1), hook('UserPromptSubmit', 300, turn2), hook('Stop', 310)]).state).toBe('idle')
        // A slash command (/clear) gets its own id without a UserPromptSubmit.
        expect(last([hook('UserPromptSubmit', 10, turn1), hook('Stop', 100, { prompt_id: 'C' })]).state).toBe('idle')
        expect(last([hook('UserPromptSubmit', 10), hook('Stop', 100, turn1)]).state).toBe('idle')
      })

      it('a restarted process is not moved by a late hook of an earlier turn of the old one', () => {
        const signals = [hook('UserPromptSubmit', 10, turn1), { kind: 'launched', at: 200 } as StatusSignal, hook('SessionStart', 250), hook('UserPromptSubmit', 300, turn2), hook('Stop', 310, turn1)]
        expect(last(signals).state).toBe('working')
      })

      it("the status file's idle from before the new prompt does not end it either (it is older than the decision)", () => {
        // Turn 1's idle write (stamped 110) read only after turn 2's UserPromptSubmit arrived.
        const signals = [hook('UserPromptSubmit', 10, turn1), hook('Stop', 100, turn1), hook('UserPromptSubmit', 300, turn2), file('idle', 110, 320)]
        expect(last(signals).state).toBe('working')
        expect(last([...signals, file('busy', 305, 330), file('idle', 2_000)]).state).toBe('idle')
      })
    })
  })

  describe("Claude Code 2.1.33x: auto mode's dialogs, which no PermissionRequest reports", () => {
    const waitingFile = (waitingFor: string, updatedAt: number, at = updatedAt + 5): StatusSignal => ({ kind: 'cliStatus', status: 'waiting', updatedAt, waitingFor, at })
    const turn = [hook('SessionStart', 10), hook('UserPromptSubmit', 20)]

    it('a PreToolUse that arrives after the status file reported the dialog does not end the wait', () => {
      const states = run([...turn, waitingFile('dialog open', 100), hook('PreToolUse', 110, { tool_use_id: 't1', tool_name: 'Bash' })])
      expect(states.map((tracked) => tracked.status.state)).toEqual(['idle', 'working', 'waiting', 'waiting'])
      expect(states.at(-1)?.status.reason).toBe('dialog')
    })

    it("a PreToolUse that overtook the file's write does not make that write look stale", () => {
      // The file was stamped at 100, before the hook's arrival at 120: the wait still counts.
      const status = last([...turn, hook('PreToolUse', 120, { tool_use_id: 't1', tool_name: 'Bash' }), waitingFile('permission prompt', 100, 130)])
      expect(status).toMatchObject({ state: 'waiting', reason: 'permission: Bash' })
    })

    it("the action's own prompt after the notice renames the wait, though the file's status stamp stays", () => {
      const states = run([
        ...turn,
        hook('PreToolUse', 30, { tool_use_id: 't1', tool_name: 'Bash' }),
        waitingFile('dialog open', 100),
        { kind: 'screen', reason: "auto mode can't check actions", at: 600 },
        waitingFile('permission prompt', 100, 5000)
      ])
      expect(states.slice(-3).map((tracked) => tracked.status.reason)).toEqual(['dialog', "auto mode can't check actions", 'permission: Bash'])
      expect(states.at(-1)?.status.state).toBe('waiting')
    })

    it('the screen names a wait but never starts one', () => {
      expect(last([...turn, { kind: 'screen', reason: "auto mode can't check actions", at: 50 }]).state).toBe('working')
    })

    it('answering ends a file-reported wait: the next write, PostToolUse or Stop', () => {
      expect(last([...turn, waitingFile('permission prompt', 100), file('busy', 200)]).state).toBe('working')
      expect(last([...turn, waitingFile('permission prompt', 100), hook('PostToolUse', 300, { tool_use_id: 't1' })]).state).toBe('working')
      expect(last([...turn, waitingFile('permission prompt', 100), hook('Stop', 300)]).state).toBe('idle')
    })
  })

  it('ignores unknown events', () => {
    const before = run([hook('SessionStart', 1)]).at(-1) as TrackedStatus
    expect(reduce(before, hook('SomethingNew', 5)).status).toEqual(before.status)
  })

  it('Notification: permission_prompt marks waiting within a turn, idle_prompt marks idle between turns', () => {
    expect(last([hook('UserPromptSubmit', 1), hook('Notification', 6_000, { notification_type: 'permission_prompt' })]).state).toBe('waiting')
    expect(last([hook('SessionStart', 1), hook('Notification', 60_000, { notification_type: 'idle_prompt' })]).state).toBe('idle')
  })

  it('exits cleanly or crashes, and stays there until relaunched', () => {
    expect(last([hook('SessionStart', 1), { kind: 'exit', exitCode: 0, requested: false, at: 5 }])).toMatchObject({ state: 'exited' })
    expect(last([hook('SessionStart', 1), { kind: 'exit', exitCode: 137, signal: 9, requested: false, at: 5 }])).toMatchObject({ state: 'crashed', reason: 'signal 9' })
    expect(last([hook('SessionStart', 1), { kind: 'exit', exitCode: 1, requested: true, at: 5 }]).state).toBe('exited')
    const afterExit = [hook('SessionStart', 1), { kind: 'exit', exitCode: 2, requested: false, at: 5 } as StatusSignal, hook('UserPromptSubmit', 9)]
    expect(last(afterExit)).toMatchObject({ state: 'crashed', reason: 'exit code 2' })
    expect(last([...afterExit, { kind: 'launched', at: 20 }])).toMatchObject({ state: 'starting', sessionId: 'S1' })
  })

  it('falls back to the CLI title when SessionStart is missed', () => {
    expect(last([{ kind: 'title', title: '✳ Claude Code', at: 3 }]).state).toBe('idle')
  })

  it('agents without hooks follow activity', () => {
    const states = run([{ kind: 'activity', busy: true, at: 1 }, { kind: 'activity', busy: false, at: 2 }], initialStatus('activity', 0))
    expect(states.map((tracked) => tracked.status)).toEqual([
      { state: 'working', since: 1, method: 'activity' },
      { state: 'idle', since: 2, method: 'activity' }
    ])
  })
})

describe('nextAttentionPane', () => {
  const status = (state: PaneStatus['state']): PaneStatus => ({ state, since: 0, method: 'hooks' })
  const statuses = { a: status('idle'), b: status('waiting'), c: status('error'), d: status('waiting') }

  it('goes to the next waiting pane after the current one, wrapping, before any error', () => {
    expect(nextAttentionPane(['a', 'b', 'c', 'd'], statuses, 'a')).toBe('b')
    expect(nextAttentionPane(['a', 'b', 'c', 'd'], statuses, 'b')).toBe('d')
    expect(nextAttentionPane(['a', 'b', 'c', 'd'], statuses, 'd')).toBe('b')
  })

  it('falls back to errors, and to nothing when no pane needs the user', () => {
    expect(nextAttentionPane(['a', 'c'], statuses, 'a')).toBe('c')
    expect(nextAttentionPane(['a'], statuses, null)).toBeUndefined()
  })
})
