import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { captureLog } from '../support/log-capture.ts'
import { StatusRecorder } from '../support/status-recorder.ts'

// A plain shell has no hooks: its status comes from the process table (is a job
// in the terminal's foreground?), so typing is not work and a silent job is.

let host: Host | undefined
let statuses: StatusRecorder | undefined
afterEach(async () => {
  statuses?.dispose()
  await host?.dispose()
})

async function shellPane(): Promise<PaneInfo> {
  host = createHost({ kind: 'browser', version: 'test', defaultCwd: tmpdir(), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log })
  statuses = new StatusRecorder(host)
  const result: CallResult = await host.dispatcher.dispatch('pane.create', { kind: 'shell', cols: 80, rows: 24 }, 'test')
  if (!result.ok) throw new Error(result.error.message)
  return result.value as PaneInfo
}

describe('shell status from the process table', () => {
  it('is idle while typing, working while a silent job runs, idle when it ends', async () => {
    const pane = await shellPane()
    const recorder = statuses as StatusRecorder
    const shell = host as Host
    await recorder.next(pane.id, (status) => status.state === 'idle', 0)
    expect(recorder.current(pane.id)?.method).toBe('process')

    const typing = recorder.entries(pane.id).length
    shell.panes.write(pane.id, 'sleep 2')
    // Typing echoes output, but the shell still holds the terminal: no "working".
    const working = recorder.next(pane.id, (status) => status.state === 'working', typing)
    shell.panes.write(pane.id, '\r')
    const started = await working
    await recorder.next(pane.id, (status) => status.state === 'idle', recorder.entries(pane.id).indexOf(started) + 1)
    expect(recorder.states(pane.id).slice(typing)).toEqual(['working', 'idle'])
  })

  it('reads as exited, not crashed, when the host quits', async () => {
    const pane = await shellPane()
    const recorder = statuses as StatusRecorder
    await recorder.next(pane.id, (status) => status.state === 'idle', 0)
    await (host as Host).dispose()
    host = undefined
    expect(recorder.current(pane.id)?.state).toBe('exited')
  })
})
