import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PaneAutoRestart } from '../../src/shared/bridge'
import { reduce, initialStatus } from '../../src/main/status/state-machine'
import { CrashRestarter, DEFAULT_RESTART_POLICY } from '../../src/main/sessions'
import { decideRestart } from '../../src/main/sessions/restart-policy'
import { crashRestartBadge, crashRestartMeasureTexts } from '../../src/renderer/src/grid/crash-restart-text'
import { captureLog } from '../support/log-capture'

const PANE = 'agent-pane'
const SHELL = 'shell-pane'

describe('restart policy', () => {
  const policy = DEFAULT_RESTART_POLICY

  it('waits 1 s, then 5 s, then 20 s, and gives up at the 4th crash within 2 minutes', () => {
    expect(decideRestart([], 0, policy)).toEqual({ restart: true, delayMs: 1_000, attempt: 1 })
    expect(decideRestart([0], 2_000, policy)).toEqual({ restart: true, delayMs: 5_000, attempt: 2 })
    expect(decideRestart([0, 2_000], 8_000, policy)).toEqual({ restart: true, delayMs: 20_000, attempt: 3 })
    const fourth = decideRestart([0, 2_000, 8_000], 30_000, policy)
    expect(fourth.restart).toBe(false)
    expect(fourth.restart === false && fourth.reason).toBe('it crashed again after 3 restarts within 2 minutes')
  })

  it('forgets tries older than the window: an agent that ran a while starts again at 1 s', () => {
    expect(decideRestart([0, 2_000, 8_000], 8_000 + 120_000, policy)).toEqual({ restart: true, delayMs: 1_000, attempt: 1 })
    // Only the oldest aged out: one try left, after the 3rd wait.
    expect(decideRestart([0, 2_000, 8_000], 120_000, policy)).toEqual({ restart: true, delayMs: 20_000, attempt: 3 })
  })
})

describe('what counts as a crash', () => {
  const exit = (exitCode: number, signal?: number, requested = false): string =>
    reduce(initialStatus('hooks', 0), { kind: 'exit', exitCode, ...(signal ? { signal } : {}), requested, at: 1 }).status.state

  it("the user's /exit or Ctrl+D (code 0) and Tessera's own ends are not crashes; a signal or a non-zero code is", () => {
    expect(exit(0)).toBe('exited')
    expect(exit(1, undefined, true)).toBe('exited')
    expect(exit(0, 9)).toBe('crashed')
    expect(exit(1)).toBe('crashed')
  })
})

describe('CrashRestarter', () => {
  let restarts: string[]
  let published: PaneAutoRestart[]
  let failWith: string | undefined
  let globalOn: boolean
  let restarter: CrashRestarter

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 })
    restarts = []
    published = []
    failWith = undefined
    globalOn = true
    restarter = new CrashRestarter({
      restart: async (paneId) => {
        restarts.push(paneId)
        if (failWith) throw new Error(failWith)
      },
      publish: (_paneId, info) => published.push(info),
      isAgent: (paneId) => paneId === PANE,
      enabledGlobally: () => globalOn,
      log: captureLog().log
    })
  })

  afterEach(() => {
    restarter.dispose()
    vi.useRealTimers()
  })

  it('restarts after 1 s, 5 s and 20 s, then stays crashed with why', async () => {
    for (const [attempt, delay] of [[1, 1_000], [2, 5_000], [3, 20_000]] as const) {
      restarter.crashed(PANE, 'signal 9')
      expect(restarter.info(PANE)?.scheduled).toEqual({ at: Date.now() + delay, attempt, of: 3 })
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(restarts).toHaveLength(attempt - 1)
      await vi.advanceTimersByTimeAsync(1)
      expect(restarts).toHaveLength(attempt)
      expect(restarter.info(PANE)?.scheduled).toBeUndefined()
    }
    restarter.crashed(PANE, 'signal 9')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(restarts).toHaveLength(3)
    expect(restarter.info(PANE)).toEqual({ enabled: true, gaveUp: 'Not restarted: it crashed again after 3 restarts within 2 minutes.' })
  })

  it('starts counting again once the tries are older than 2 minutes', async () => {
    for (let i = 0; i < 3; i++) {
      restarter.crashed(PANE, 'signal 9')
      await vi.advanceTimersByTimeAsync(20_000)
    }
    expect(restarts).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(120_000)
    restarter.crashed(PANE, 'exit code 1')
    expect(restarter.info(PANE)?.scheduled?.attempt).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(restarts).toHaveLength(4)
  })

  it('never restarts a shell', async () => {
    restarter.crashed(SHELL, 'exit code 3')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toEqual([])
    expect(restarter.info(SHELL)).toBeUndefined()
  })

  it('turned off for the pane, a scheduled restart is called off and no new one is scheduled', async () => {
    restarter.crashed(PANE, 'signal 9')
    restarter.setEnabled(PANE, false)
    expect(published.at(-1)).toEqual({ enabled: false })
    restarter.crashed(PANE, 'signal 9')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toEqual([])
  })

  it('turned off globally, nothing restarts and what was scheduled is called off', async () => {
    restarter.crashed(PANE, 'signal 9')
    globalOn = false
    restarter.disabledGlobally()
    restarter.crashed(PANE, 'signal 9')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toEqual([])
    expect(restarter.info(PANE)?.scheduled).toBeUndefined()
  })

  it('a restart that fails counts as a try, says why, and the next one follows', async () => {
    failWith = 'The folder /gone no longer exists.'
    restarter.crashed(PANE, 'signal 9')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(restarter.info(PANE)).toMatchObject({ failed: 'The automatic restart failed: The folder /gone no longer exists.', scheduled: { attempt: 2 } })
    await vi.advanceTimersByTimeAsync(5_000 + 20_000)
    expect(restarts).toHaveLength(3)
    expect(restarter.info(PANE)?.gaveUp).toMatch(/after 3 restarts/)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toHaveLength(3)
  })

  it("the user's restart calls off a scheduled one and makes every try available again", async () => {
    for (let i = 0; i < 3; i++) {
      restarter.crashed(PANE, 'signal 9')
      await vi.advanceTimersByTimeAsync(20_000)
    }
    restarter.crashed(PANE, 'signal 9')
    expect(restarter.info(PANE)?.gaveUp).toBeDefined()
    restarter.userRestarted(PANE)
    expect(restarter.info(PANE)).toEqual({ enabled: true })
    restarter.crashed(PANE, 'signal 9')
    restarter.userRestarted(PANE)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toHaveLength(3)
  })

  it('a closed pane or a disposed host runs nothing later', async () => {
    restarter.crashed(PANE, 'signal 9')
    restarter.remove(PANE)
    await vi.advanceTimersByTimeAsync(60_000)
    restarter.crashed(PANE, 'signal 9')
    restarter.dispose()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(restarts).toEqual([])
  })
})

describe('the header badge of a crashed agent', () => {
  const crashed = { id: '6f1c9f7e-3b7a-4c55-9a0e-1f2d3c4b5a69', kind: 'claude' as const, title: 'claude', cwd: '/', cols: 80, rows: 24 }
  const status = { state: 'crashed' as const, since: 0, method: 'hooks' as const, reason: 'signal 9' }

  it('counts down to the restart and names the try', () => {
    const pane = { ...crashed, status, autoRestart: { enabled: true, scheduled: { at: 5_000, attempt: 2, of: 3 } } }
    expect(crashRestartBadge(pane, 0)).toMatchObject({ text: 'Restarting in 5s (try 2 of 3)', gaveUp: false })
    expect(crashRestartBadge(pane, 4_200)?.text).toBe('Restarting in 1s (try 2 of 3)')
    expect(crashRestartBadge(pane, 0)?.detail).toMatch(/the agent crashed \(signal 9\)/)
    // Measured at its widest.
    expect(crashRestartMeasureTexts(pane)).toEqual(['Restarting in 99s (try 2 of 3)'])
  })

  it('says why it stays crashed after the last try, and nothing when there is nothing to say', () => {
    const gaveUp = { ...crashed, status, autoRestart: { enabled: true, gaveUp: 'Not restarted: it crashed again after 3 restarts within 2 minutes.' } }
    expect(crashRestartBadge(gaveUp, 0)).toMatchObject({ text: 'Not restarted', gaveUp: true })
    expect(crashRestartBadge(gaveUp, 0)?.detail).toMatch(/^Not restarted: it crashed again/)
    expect(crashRestartBadge({ ...crashed, autoRestart: { enabled: true } }, 0)).toBeUndefined()
    expect(crashRestartMeasureTexts(crashed)).toEqual([])
  })
})
