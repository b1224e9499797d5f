import { describe, expect, it } from 'vitest'
import { DEFAULT_NOTIFY, notificationFor, type NotifyInput } from '../../src/renderer/src/state/notify-policy'

const input = (change: Partial<NotifyInput>): NotifyInput => ({
  previous: 'working',
  next: 'waiting',
  watched: false,
  paneTitle: 'Claude Code · api',
  reason: 'permission: Bash',
  agent: true,
  previousForMs: 2_000,
  settings: DEFAULT_NOTIFY,
  ...change
})

describe('notification policy', () => {
  it('tells the user an agent they are not watching waits for them, with the reason', () => {
    expect(notificationFor(input({}))).toEqual({ title: 'Claude Code · api needs you', body: 'Waiting: permission: Bash' })
  })

  it('says nothing about the pane the user is looking at, or in do-not-disturb', () => {
    expect(notificationFor(input({ watched: true }))).toBeUndefined()
    expect(notificationFor(input({ settings: { ...DEFAULT_NOTIFY, doNotDisturb: true } }))).toBeUndefined()
  })

  it('honours each event switch', () => {
    expect(notificationFor(input({ settings: { ...DEFAULT_NOTIFY, waiting: false } }))).toBeUndefined()
    const finished = input({ next: 'idle', settings: { ...DEFAULT_NOTIFY, finished: false } })
    expect(notificationFor(finished)).toBeUndefined()
    expect(notificationFor({ ...finished, settings: DEFAULT_NOTIFY })).toEqual({ title: 'Claude Code · api finished', body: 'The agent finished its turn' })
  })

  it('reports a failed turn with its reason', () => {
    expect(notificationFor(input({ next: 'error', reason: 'rate_limit' }))).toEqual({ title: 'Claude Code · api stopped with an error', body: 'rate_limit' })
  })

  it('reports a crash with its reason, under the same switch as a finished turn', () => {
    expect(notificationFor(input({ next: 'crashed', reason: 'exit code 1' }))).toEqual({ title: 'Claude Code · api crashed', body: 'exit code 1' })
    expect(notificationFor(input({ next: 'crashed', settings: { ...DEFAULT_NOTIFY, finished: false } }))).toBeUndefined()
  })

  it('tells about a shell only when a long command finishes', () => {
    const shell = input({ next: 'idle', agent: false, paneTitle: 'Shell · home' })
    expect(notificationFor({ ...shell, previousForMs: 1_500 })).toBeUndefined()
    expect(notificationFor({ ...shell, previousForMs: 30_000 })).toEqual({ title: 'Shell · home finished', body: 'The command finished' })
  })

  it('is silent when nothing changed or the agent merely started', () => {
    expect(notificationFor(input({ previous: 'waiting' }))).toBeUndefined()
    expect(notificationFor(input({ previous: 'starting', next: 'idle' }))).toBeUndefined()
  })
})
