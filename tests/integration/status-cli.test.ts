import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import type { PaneStatus } from '../../src/shared/status'
import { createHost, type Host } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { answerPrompt, pressInDialog } from '../support/claude-dialogs.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { aliasModel, CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'
import { StatusRecorder } from '../support/status-recorder.ts'

// Instant status from the real Claude Code CLI's hooks (and its status file for the
// moments no hook reports), through the host, against the fake API, for every CLI version
// we support.

const WAIT_MS = 30_000
const BASH_TOOL = { name: 'Bash', input: { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' } }
const SECOND_BASH_TOOL = { name: 'Bash', input: { command: 'node -e "console.log(7 * 8)"', description: 'Print 56' } }
/** Within this of a dialog being drawn, the badge must say the pane waits (issue: under 300 ms). */
const DIALOG_LAG_MS = 300
/** Auto mode is the default permission mode from Claude Code 2.1.33x on; 2.1.197 falls back to default mode. */
const autoModeByDefault = (cli: ClaudeCli): boolean => cli.version !== '2.1.197'

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

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-status-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const env = onPath.env
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log, env })
  const screens = new HostScreens(host)
  const statuses = new StatusRecorder(host)
  cleanups.push(() => host.dispose(), () => screens.dispose(), () => statuses.dispose())
  return { host, api, screens, statuses }
}

/** A haiku pane; `config` adds to it (a permission mode, say). */
async function claudePane(rig: Rig, config: Record<string, unknown> = {}): Promise<PaneInfo> {
  const result: CallResult = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'haiku', config, cols: 110, rows: 36 }, 'test')
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
  return drawn(rig, paneId, 'Do you want to proceed?')
}

/** When `text` showed on the pane's screen (the wait resolves as the frame holding it is parsed). */
async function drawn(rig: Rig, paneId: string, text: string): Promise<number> {
  await rig.screens.screen(paneId).waitForText(text, WAIT_MS)
  return Date.now()
}

/** The pane's info once `match` holds, following panes.changed. */
async function paneWhere(rig: Rig, paneId: string, match: (pane: PaneInfo) => boolean): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const unsubscribe = rig.host.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  const current = (): PaneInfo | undefined => rig.host.panes.list().find((pane) => pane.id === paneId)
  await waiter.until(() => {
    const pane = current()
    return pane !== undefined && match(pane)
  })
  unsubscribe()
  return current() as PaneInfo
}

const answer = (rig: Rig, paneId: string, choice: 'Yes' | 'No'): Promise<void> =>
  answerPrompt(rig.screens.screen(paneId), (data) => rig.host.panes.write(paneId, data), choice)

/** The first status after `from` matching, and how long after `drawnAt` it came (negative: before the dialog). */
async function lagAfter(rig: Rig, paneId: string, drawnAt: number, from: number, match: (status: PaneStatus) => boolean): Promise<number> {
  const entry = await rig.statuses.next(paneId, match, from)
  return entry.at - drawnAt
}

describe.each(CLAUDE_CLIS)('agent status from the real Claude Code CLI $label', (cli) => {
  it('goes idle → working → idle around a prompt, with the method and session shown', async () => {
    const rig = await startRig(cli)
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

  it('shows waiting for permission within 300 ms of the dialog, then working and idle once approved (manual mode)', async () => {
    const rig = await startRig(cli)
    const pane = await claudePane(rig, { permissionMode: 'manual' })
    const from = rig.statuses.entries(pane.id).length
    const drawnAt = await askPermission(rig, pane.id, 'The script printed 42.')
    const waiting = await rig.statuses.next(pane.id, (status) => status.state === 'waiting', from)
    expect(waiting.at - drawnAt).toBeLessThan(300)
    expect(waiting.status.reason).toBe('permission: Bash')

    const afterWait = rig.statuses.entries(pane.id).length
    await answer(rig, pane.id, 'Yes')
    await rig.screens.screen(pane.id).waitForText('The script printed 42.', WAIT_MS)
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', afterWait)
    expect(rig.statuses.states(pane.id).slice(afterWait)).toEqual(['working', 'idle'])
  })

  it('returns to idle when permission is denied, though no hook reports it', async () => {
    const rig = await startRig(cli)
    const pane = await claudePane(rig, { permissionMode: 'manual' })
    const from = rig.statuses.entries(pane.id).length
    await askPermission(rig, pane.id, 'never shown')
    await rig.statuses.next(pane.id, (status) => status.state === 'waiting', from)
    const afterWait = rig.statuses.entries(pane.id).length
    await answer(rig, pane.id, 'No')
    await rig.statuses.next(pane.id, (status) => status.state === 'idle', afterWait)
    await rig.screens.screen(pane.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt after the denial')
    expect(rig.statuses.current(pane.id)?.state).toBe('idle')
  })

  it.each([
    [529, 'overloaded_error', 'Overloaded', /overloaded/],
    [429, 'rate_limit_error', 'Rate limited', /rate_limit/]
  ])('shows an API %i as error with its reason', async (status, type, message, reason) => {
    const rig = await startRig(cli)
    const pane = await claudePane(rig)
    const from = rig.statuses.entries(pane.id).length
    rig.api.enqueue({ error: { status, type, message } })
    await submit(rig, pane.id, 'this will fail')
    const error = await rig.statuses.next(pane.id, (paneStatus) => paneStatus.state === 'error', from)
    expect(error.status.reason).toMatch(reason)
  })

  it('follows the new session id after /clear', async () => {
    const rig = await startRig(cli)
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
    const rig = await startRig(cli)
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

  it('shows the CLI version it runs and the model id its alias sends', async () => {
    const rig = await startRig(cli)
    const pane = await claudePane(rig)
    // SessionStart (an async command hook) may land after the pane is idle.
    const info = await paneWhere(rig, pane.id, (listed) => listed.agent?.activeModel !== undefined)
    expect(info?.agent?.cli).toMatchObject({ version: cli.version })
    expect(info?.agent?.cli?.problem).toBeUndefined()
    const activeModel = info?.agent?.activeModel
    expect(activeModel).toMatch(aliasModel(cli, 'haiku'))
    rig.api.enqueue({ text: 'which model?' })
    await submit(rig, pane.id, 'hello')
    const request = await rig.api.waitForRequest((recorded) => recorded.kind === 'main', WAIT_MS)
    expect(request.model).toBe(activeModel)
    expect(request.headers['user-agent']).toContain(`claude-cli/${cli.version}`)
  })
})

// Auto mode is the default from Claude Code 2.1.33x on; behind our non-first-party fake API its
// safety check cannot run, so the CLI shows a notice and then asks for each action, with no
// PermissionRequest hook for either.
describe.each(CLAUDE_CLIS.filter(autoModeByDefault))('auto mode with the real Claude Code CLI $label', (cli) => {
  it(
    "auto mode's notice and each action's approval after it show as waiting within 300 ms, with why",
    async () => {
      const rig = await startRig(cli)
      const pane = await claudePane(rig)
      rig.api.enqueue({ toolUse: BASH_TOOL }, { toolUse: SECOND_BASH_TOOL }, { text: 'Both scripts ran.' })
      const from = rig.statuses.entries(pane.id).length
      await submit(rig, pane.id, 'please run both scripts')
      const noticeAt = await drawn(rig, pane.id, 'Enter to stay in auto mode')
      expect(await lagAfter(rig, pane.id, noticeAt, from, (status) => status.state === 'waiting')).toBeLessThan(DIALOG_LAG_MS)
      const autoReason = (status: PaneStatus): boolean => status.state === 'waiting' && status.reason === "auto mode can't check actions"
      expect(await lagAfter(rig, pane.id, noticeAt, from, autoReason)).toBeLessThan(DIALOG_LAG_MS)
      // The header says what auto mode does behind this API URL.
      expect(rig.host.panes.list().find((listed) => listed.id === pane.id)?.agent?.permissionNote).toMatch(/Auto mode cannot check actions here/)

      const afterNotice = rig.statuses.entries(pane.id).length
      await pressInDialog((data) => rig.host.panes.write(pane.id, data), '\r') // stay in auto mode: the action asks for its own approval
      const firstAt = await drawn(rig, pane.id, 'Do you want to proceed?')
      const permission = (status: PaneStatus): boolean => status.state === 'waiting' && status.reason === 'permission: Bash'
      expect(await lagAfter(rig, pane.id, firstAt, afterNotice, permission)).toBeLessThan(DIALOG_LAG_MS)

      const afterFirst = rig.statuses.entries(pane.id).length
      await answer(rig, pane.id, 'Yes')
      // The first prompt is gone once the pane works again; the next one is the second action's.
      await rig.statuses.next(pane.id, (status) => status.state === 'working', afterFirst)
      await rig.screens.screen(pane.id).waitFor((screen) => !screen.includes('Do you want to proceed?'), WAIT_MS, 'the first prompt to close')
      const secondAt = await drawn(rig, pane.id, 'Do you want to proceed?')
      expect(await lagAfter(rig, pane.id, secondAt, afterFirst, permission)).toBeLessThan(DIALOG_LAG_MS)

      const afterSecond = rig.statuses.entries(pane.id).length
      await answer(rig, pane.id, 'Yes')
      await rig.screens.screen(pane.id).waitForText('Both scripts ran.', WAIT_MS)
      await rig.statuses.next(pane.id, (status) => status.state === 'idle', afterSecond)
      expect(rig.statuses.states(pane.id).slice(afterSecond)).toEqual(['working', 'idle'])
    }
  )
})
