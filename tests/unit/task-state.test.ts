import { describe, expect, it } from 'vitest'
import { TASK_STATES, type TaskState } from '../../src/shared/tasks'
import { isLegal, LEGAL_FROM, transition, TaskTransitionError, type TaskEvent, type TaskPosition } from '../../src/main/tasks'

// The task state machine: every action from every state, legal ones and where they lead.

const at = (state: TaskState, paused = false): TaskPosition => ({ state, paused })

const EVENTS: readonly TaskEvent[] = [
  { type: 'start' },
  { type: 'stageEnded', ok: true, next: true, autoAdvance: false },
  { type: 'advance', next: true },
  { type: 'pause' },
  { type: 'resume' },
  { type: 'restartAgent' },
  { type: 'fail' },
  { type: 'reopen' },
  { type: 'complete' },
  { type: 'update' },
  { type: 'cleanup' },
  { type: 'worktreeGone' }
]

describe('task state machine', () => {
  it('allows each action only from its states (every state × action pair)', () => {
    const table: Record<string, TaskState[]> = {}
    for (const event of EVENTS) {
      // resume is only legal while paused; the table is about states, so ask it paused.
      table[event.type] = TASK_STATES.filter((state) => isLegal(at(state, event.type === 'resume'), event))
    }
    expect(table).toEqual({
      start: ['backlog'],
      stageEnded: ['running'],
      advance: ['waiting'],
      pause: ['running', 'waiting', 'review'],
      resume: ['running', 'waiting', 'review'],
      restartAgent: ['running', 'waiting', 'review'],
      fail: ['backlog', 'running', 'waiting', 'review'],
      reopen: ['failed'],
      complete: ['waiting', 'review'],
      update: ['backlog', 'failed'],
      cleanup: ['done', 'failed'],
      worktreeGone: ['running', 'waiting', 'review']
    })
    expect(table).toEqual(Object.fromEntries(Object.entries(LEGAL_FROM).map(([action, states]) => [action, [...states]])))
  })

  it('says why an action is refused', () => {
    expect(() => transition(at('running'), { type: 'advance', next: true })).toThrow(new TaskTransitionError('Cannot advance a task that is running: wait for its stage to end'))
    expect(() => transition(at('running'), { type: 'update' })).toThrow('Cannot edit a task that is running: only tasks in the backlog or failed can be edited')
    expect(() => transition(at('review'), { type: 'cleanup' })).toThrow('Cannot clean up a task that is in review: only done or failed tasks are cleaned up')
    expect(() => transition(at('done'), { type: 'start' })).toThrow('Cannot start a task that is done')
    expect(() => transition(at('failed'), { type: 'fail' })).toThrow('Cannot mark failed a task that is failed')
    expect(() => transition(at('done'), { type: 'reopen' })).toThrow('Cannot reopen a task that is done')
  })

  it('starts a backlog task running', () => {
    expect(transition(at('backlog'), { type: 'start' })).toEqual(at('running'))
  })

  describe('a stage that ends', () => {
    it('waits for the user when another stage follows and the task does not advance by itself', () => {
      expect(transition(at('running'), { type: 'stageEnded', ok: true, next: true, autoAdvance: false })).toEqual(at('waiting'))
    })

    it('runs the next stage at once with auto-advance', () => {
      expect(transition(at('running'), { type: 'stageEnded', ok: true, next: true, autoAdvance: true })).toEqual(at('running'))
    })

    it('goes to review after the last stage, auto-advance or not', () => {
      expect(transition(at('running'), { type: 'stageEnded', ok: true, next: false, autoAdvance: false })).toEqual(at('review'))
      expect(transition(at('running'), { type: 'stageEnded', ok: true, next: false, autoAdvance: true })).toEqual(at('review'))
    })

    it('waits for the user after a failed turn, even with auto-advance or as the last stage', () => {
      expect(transition(at('running'), { type: 'stageEnded', ok: false, next: true, autoAdvance: true })).toEqual(at('waiting'))
      expect(transition(at('running'), { type: 'stageEnded', ok: false, next: false, autoAdvance: true })).toEqual(at('waiting'))
    })

    it('never auto-advances a paused task', () => {
      expect(transition(at('running', true), { type: 'stageEnded', ok: true, next: true, autoAdvance: true })).toEqual(at('waiting', true))
      expect(transition(at('running', true), { type: 'stageEnded', ok: true, next: false, autoAdvance: true })).toEqual(at('review', true))
    })
  })

  it('advances to the next stage, or to review when none is left', () => {
    expect(transition(at('waiting'), { type: 'advance', next: true })).toEqual(at('running'))
    expect(transition(at('waiting'), { type: 'advance', next: false })).toEqual(at('review'))
    expect(() => transition(at('waiting', true), { type: 'advance', next: true })).toThrow('Cannot advance a paused task: resume it first')
  })

  it('pauses and resumes without moving the task, once each', () => {
    expect(transition(at('waiting'), { type: 'pause' })).toEqual(at('waiting', true))
    expect(() => transition(at('waiting', true), { type: 'pause' })).toThrow('The task is paused already')
    expect(transition(at('review', true), { type: 'resume' })).toEqual(at('review'))
    expect(() => transition(at('review'), { type: 'resume' })).toThrow('The task is not paused')
  })

  it('restarting the agent keeps the state and ends a pause', () => {
    expect(transition(at('running'), { type: 'restartAgent' })).toEqual(at('running'))
    expect(transition(at('waiting', true), { type: 'restartAgent' })).toEqual(at('waiting'))
  })

  it('fails, completes and loses a worktree into final states, paused or not', () => {
    expect(transition(at('backlog'), { type: 'fail' })).toEqual(at('failed'))
    expect(transition(at('running', true), { type: 'fail' })).toEqual(at('failed'))
    expect(transition(at('review', true), { type: 'complete' })).toEqual(at('done'))
    expect(transition(at('waiting'), { type: 'complete' })).toEqual(at('done'))
    expect(transition(at('running'), { type: 'worktreeGone' })).toEqual(at('failed'))
    expect(() => transition(at('running'), { type: 'complete' })).toThrow(TaskTransitionError)
  })

  it('reopens a failed task as waiting for the user', () => {
    expect(transition(at('failed'), { type: 'reopen' })).toEqual(at('waiting'))
  })

  it('editing and cleaning up move nothing', () => {
    expect(transition(at('backlog'), { type: 'update' })).toEqual(at('backlog'))
    expect(transition(at('failed'), { type: 'update' })).toEqual(at('failed'))
    expect(transition(at('done'), { type: 'cleanup' })).toEqual(at('done'))
  })
})
