import { describe, expect, it } from 'vitest'
import type { PaneInfo, TesseraClient } from '../../src/shared/bridge'
import type { AgentState } from '../../src/shared/status'
import { closeInterrupts } from '../../src/renderer/src/state/close-guard'

// Which panes ask before closing: an agent working or waiting, a shell whose foreground is a
// job (the host says which); an idle, exited or failed pane never does.

const PANE = '6f1c9f7e-3b7a-4c55-9a0e-1f2d3c4b5a69'

function pane(kind: PaneInfo['kind'], state: AgentState, patch: Partial<PaneInfo> = {}): PaneInfo {
  return { id: PANE, kind, title: 't', cwd: '/', cols: 80, rows: 24, status: { state, since: 0, method: kind === 'shell' ? 'process' : 'hooks' }, ...patch }
}

/** A client whose host answers pane.foregroundJob with `job` (or fails), counting the calls. */
function host(job: string | null | Error): { client: TesseraClient; calls: () => number } {
  let calls = 0
  const client = {
    call: (name: string) => {
      if (name !== 'pane.foregroundJob') throw new Error(`unexpected call ${name}`)
      calls += 1
      return job instanceof Error ? Promise.reject(job) : Promise.resolve({ job })
    },
    on: () => () => undefined
  } as unknown as TesseraClient
  return { client, calls: () => calls }
}

describe('closeInterrupts', () => {
  it('asks about an agent that works or waits, from its status alone', async () => {
    const { client, calls } = host(null)
    await expect(closeInterrupts(client, pane('claude', 'working'))).resolves.toBe('is working')
    await expect(closeInterrupts(client, pane('codex', 'waiting'))).resolves.toBe('is waiting for you')
    for (const state of ['idle', 'starting', 'error', 'exited', 'crashed'] as const) await expect(closeInterrupts(client, pane('claude', state))).resolves.toBeUndefined()
    await expect(closeInterrupts(client, pane('claude', 'working', { exit: { exitCode: 0 } }))).resolves.toBeUndefined()
    expect(calls()).toBe(0)
  })

  it('asks about a shell only when the host names a foreground job, whatever its badge says', async () => {
    await expect(closeInterrupts(host('sleep').client, pane('shell', 'idle'))).resolves.toBe('is running sleep')
    // Working from output alone (a prompt redrawn): no job, no question.
    await expect(closeInterrupts(host(null).client, pane('shell', 'working'))).resolves.toBeUndefined()
  })

  it('closes without asking when the host cannot be asked, or the shell has ended', async () => {
    await expect(closeInterrupts(host(new Error('not_found')).client, pane('shell', 'working'))).resolves.toBeUndefined()
    const ended = host('sleep')
    await expect(closeInterrupts(ended.client, pane('shell', 'exited', { exit: { exitCode: 0 } }))).resolves.toBeUndefined()
    expect(ended.calls()).toBe(0)
    await expect(closeInterrupts(ended.client, undefined)).resolves.toBeUndefined()
  })
})
