import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'
import { StatusRecorder } from '../support/status-recorder.ts'

// Instant status from the real Claude Code CLI's hooks (and its status file for the
// moments no hook reports), through the host, against the fake API.

const WAIT_MS = 30_000
const BASH_TOOL = { name: 'Bash', input: { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' } }

interface Rig {
  host: Host
  api: FakeAnthropic
  screens: HostScreens
  statuses: StatusRecorder
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-status-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const env = { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' }
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log, env })
  const screens = new HostScreens(host)
  const statuses = new StatusRecorder(host)
  cleanups.push(() => host.dispose(), () => screens.dispose(), () => statuses.dispose())
  return { host, api, screens, statuses }
}

async function claudePane(rig: Rig): Promise<PaneInfo> {
  const result: CallResult = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'haiku', cols: 110, rows: 36 }, 'test')
  if (!result.ok) throw new Error(result.error.message)
  const pane = result.value as PaneInfo
  // Idle with the session id: SessionStart (an async command hook) has arrived too.
  await rig.statuses.next(pane.id, (status) => status.state === 'idle' && status.sessionId !== undefined, 0)
  await rig.screens.screen(pane.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')
  return pane
}

const submit = (rig: Rig, paneId: string, text: string): Promise<void> =>
  submitPrompt(rig.screens.screen(paneId), (data) => rig.host.panes.write(paneId, data), text)

/** Asks for a Bash run and returns when the permission dialog is on screen, with when it was drawn. */
async function askPermission(rig: Rig, paneId: string, after: string): Promise<number> {
  rig.api.enqueue({ toolUse: BASH_TOOL }, { text: after })
  await submit(rig, paneId, 'please run the script')
  await rig.screens.screen(paneId).waitForText('Do you want to proceed?', WAIT_MS)
  return Date.now()
}

describe('agent status from the real Claude Code CLI', () => {
  it('goes idle → working → idle around a prompt, with the method and session shown', async () => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    expect(rig.statuses.current(pane.id)).toMatchObject({ state: 'idle', method: 'hooks', sessionId: pane.agent?.sessionId })
    const from = rig.statuses.entries(pane.id).length
    rig.api.enqueue({ text: 'Thinking slowly… done.', delayMs: 1_000 })
    await submit(rig, pane.id, 'think about it')
    await rig.statuses.next(pane.id, (status) => status.state === 'working', from)
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', from)
    expect(rig.statuses.states(pane.id).slice(from)).toEqual(['working', 'idle'])
    expect(rig.host.panes.list()[0]?.status?.state).toBe('idle')
  })

  it('shows waiting for permission within 300 ms of the dialog, then working and idle once approved', async () => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    const from = rig.statuses.entries(pane.id).length
    const drawnAt = await askPermission(rig, pane.id, 'The script printed 42.')
    const waiting = await rig.statuses.next(pane.id, (status) => status.state === 'waiting', from)
    expect(waiting.at - drawnAt).toBeLessThan(300)
    expect(waiting.status.reason).toBe('permission: Bash')

    const afterWait = rig.statuses.entries(pane.id).length
    rig.host.panes.write(pane.id, '\r') // "1. Yes" is the default choice
    await rig.screens.screen(pane.id).waitForText('The script printed 42.', WAIT_MS)
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', afterWait)
    expect(rig.statuses.states(pane.id).slice(afterWait)).toEqual(['working', 'idle'])
  })

  it('returns to idle when permission is denied, though no hook reports it', async () => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    const from = rig.statuses.entries(pane.id).length
    await askPermission(rig, pane.id, 'never shown')
    await rig.statuses.next(pane.id, (status) => status.state === 'waiting', from)
    const afterWait = rig.statuses.entries(pane.id).length
    rig.host.panes.write(pane.id, '3') // "3. No"
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', afterWait)
    await rig.screens.screen(pane.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt after the denial')
    expect(rig.statuses.current(pane.id)?.state).toBe('idle')
  })

  it.each([
    [529, 'overloaded_error', 'Overloaded', /overloaded/],
    [429, 'rate_limit_error', 'Rate limited', /rate_limit/]
  ])('shows an API %i as error with its reason', async (status, type, message, reason) => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    const from = rig.statuses.entries(pane.id).length
    rig.api.enqueue({ error: { status, type, message } })
    await submit(rig, pane.id, 'this will fail')
    const error = await rig.statuses.next(pane.id, (paneStatus) => paneStatus.state === 'error', from)
    expect(error.status.reason).toMatch(reason)
  })

  it('follows the new session id after /clear', async () => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    const first = rig.statuses.current(pane.id)?.sessionId
    expect(first).toBe(pane.agent?.sessionId)
    await submit(rig, pane.id, '/clear')
    const cleared = await rig.statuses.next(pane.id, (status) => !!status.sessionId && status.sessionId !== first)
    expect(cleared.status.sessionId).toMatch(/^[0-9a-f-]{36}$/)
    // Later restarts resume the conversation the pane is in now, not the one it started with.
    expect(rig.host.panes.list()[0]?.agent?.sessionId).toBe(cleared.status.sessionId)
  })

  it('refuses a forged hook without the pane secret and changes nothing', async () => {
    const rig = await startRig()
    const pane = await claudePane(rig)
    const settings = JSON.parse(readFileSync(join(rig.host.dataDir, 'panes', pane.id, 'claude-settings.json'), 'utf8')) as {
      hooks: { Stop: Array<{ hooks: Array<{ url: string }> }> }
    }
    const url = settings.hooks.Stop[0]?.hooks[0]?.url ?? ''
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\//)
    const before = rig.statuses.entries(pane.id).length
    const forged = JSON.stringify({ hook_event_name: 'UserPromptSubmit', session_id: 'forged', prompt: 'x' })
    const noSecret = await fetch(url, { method: 'POST', body: forged, headers: { 'content-type': 'application/json' } })
    const wrongSecret = await fetch(url, { method: 'POST', body: forged, headers: { 'x-tessera-secret': 'guess' } })
    expect([noSecret.status, wrongSecret.status]).toEqual([401, 401])
    // A real event after the forgeries is the fence: had a forgery counted, its change would come first.
    rig.api.enqueue({ text: 'fenced' })
    await submit(rig, pane.id, 'fence')
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', before)
    expect(rig.statuses.entries(pane.id).slice(before).map((entry) => entry.status.sessionId)).not.toContain('forged')
    expect(rig.statuses.states(pane.id).slice(before)).toEqual(['working', 'idle'])
  })
})
