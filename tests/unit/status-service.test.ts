import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AgentState } from '../../src/shared/status'
import { StatusService } from '../../src/main/status'
import { captureLog } from '../support/log-capture'

// The service's timing for panes without hooks (the state machine itself is tested
// event by event elsewhere): when output makes a pane busy and when quiet makes it idle.

const QUIET_MS = 1500
let states: AgentState[]
let foreground: boolean
let foregroundReads: number
let service: StatusService

beforeEach(() => {
  vi.useFakeTimers()
  states = []
  foreground = true
  foregroundReads = 0
  service = new StatusService({
    log: captureLog().log,
    onStatus: (_id, status) => states.push(status.state),
    programInForeground: () => (foregroundReads++, foreground),
    quietMs: QUIET_MS
  })
})

afterEach(async () => {
  vi.useRealTimers()
  await service.dispose()
})

function start(method: 'activity' | 'process'): void {
  service.track('p', method)
  service.launched('p', undefined, undefined)
  states = []
}

/** Output every `everyMs` for `forMs`. */
function printFor(forMs: number, everyMs: number): void {
  for (let t = 0; t < forMs; t += everyMs) {
    service.output('p')
    vi.advanceTimersByTime(everyMs)
  }
}

describe('StatusService without hooks', () => {
  it('keeps an agent working through continuous output and goes idle once it is quiet', () => {
    start('activity')
    printFor(5_000, 200)
    expect(states).toEqual(['working'])
    vi.advanceTimersByTime(QUIET_MS - 200 - 1)
    expect(states).toEqual(['working'])
    vi.advanceTimersByTime(1)
    expect(states).toEqual(['working', 'idle'])
    expect(service.status('p')?.state).toBe('idle')
  })

  it('keeps a shell working while a job holds the terminal, silent or not, and idle at its prompt', () => {
    start('process')
    printFor(1_000, 100) // the prompt, then typing: echoes are not work
    expect(states).toEqual(['idle'])
    foreground = false // a job starts and prints, then goes silent
    printFor(1_000, 100)
    vi.advanceTimersByTime(5 * QUIET_MS)
    expect(states).toEqual(['idle', 'working'])
    foreground = true // the job ended
    vi.advanceTimersByTime(QUIET_MS)
    expect(states).toEqual(['idle', 'working', 'idle'])
  })

  it('reads a flooding shell’s foreground at most every 100 ms', () => {
    start('process')
    printFor(1_000, 1)
    expect(foregroundReads).toBeLessThanOrEqual(11)
    expect(foregroundReads).toBeGreaterThan(0)
  })
})
