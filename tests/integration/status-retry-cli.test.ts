import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { CLAUDE_CLIS, claudeFirstOnPath } from '../support/claude-versions.ts'
import { startFakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'
import { StatusRecorder } from '../support/status-recorder.ts'

// While Claude Code retries a 529 (no hook and no status-file write says so) the badge says
// it retries, read from the CLI's spinner row; the real CLI with its default retries
// (CLAUDE_CODE_MAX_RETRIES unset), two overloaded answers then a reply, on every version.

const WAIT_MS = 30_000
const RETRYING = /^retrying after .+ \(attempt [12]\/10\)$/

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe.each(CLAUDE_CLIS)('a retrying Claude Code $label', (cli) => {
  it('shows working with the retry as its reason, then idle once the reply comes', async () => {
    const api = await startFakeAnthropic()
    cleanups.push(() => api.close())
    const cwd = mkdtempSync(join(tmpdir(), 'tessera-retry-cwd-'))
    const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
    const onPath = await claudeFirstOnPath(cli, claudeEnv(api.url, FAKE_API_KEY, configDir))
    cleanups.push(() => onPath.dispose())
    expect(onPath.env.CLAUDE_CODE_MAX_RETRIES).toBeUndefined()
    const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log, env: onPath.env })
    const screens = new HostScreens(host)
    const statuses = new StatusRecorder(host)
    cleanups.push(() => host.dispose(), () => screens.dispose(), () => statuses.dispose())

    const result: CallResult = await host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'haiku', cols: 110, rows: 36 }, 'test')
    if (!result.ok) throw new Error(result.error.message)
    const pane = result.value as PaneInfo
    await statuses.next(pane.id, (status) => status.state === 'idle', 0)
    const screen = screens.screen(pane.id)
    await screen.waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')

    const overloaded = { error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }
    api.enqueue(overloaded, overloaded, { text: 'Served at last.' })
    const from = statuses.entries(pane.id).length
    await submitPrompt(screen, (data) => host.panes.write(pane.id, data), 'answer despite the load')
    const retrying = await statuses.next(pane.id, (status) => status.state === 'working' && RETRYING.test(status.reason ?? ''), from)
    // Then the turn ends well: idle, the retry forgotten.
    const idle = await statuses.next(pane.id, (status) => status.state === 'idle', statuses.entries(pane.id).indexOf(retrying))
    expect(idle.status.reason).toBeUndefined()
    await screen.waitForText('Served at last.', WAIT_MS)
    expect(api.mainRequests()).toHaveLength(3)
  })
})
