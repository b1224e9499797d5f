import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import type { RestartPolicy } from '../../src/main/sessions'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'
import { StatusRecorder } from '../support/status-recorder.ts'

// An agent killed from outside comes back by itself with its conversation, and only it;
// past the cap it stays Crashed. The waits are shortened (the 1 s / 5 s / 20 s defaults
// are checked in tests/unit/crash-restart.test.ts); the cap is the real one.

const WAIT_MS = 30_000
const POLICY: RestartPolicy = { delaysMs: [200, 300, 400], maxTries: 3, windowMs: 120_000 }

interface Rig {
  host: Host
  /** The workspace folder, trusted in the CLI's config. */
  cwd: string
  api: FakeAnthropic
  screens: HostScreens
  statuses: StatusRecorder
  log: ReturnType<typeof captureLog>
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-crash-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const log = captureLog()
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'))
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir, log: log.log, env: onPath.env, restartPolicy: POLICY })
  const screens = new HostScreens(host)
  const statuses = new StatusRecorder(host)
  cleanups.push(() => host.dispose(), () => screens.dispose(), () => statuses.dispose())
  return { host, cwd, api, screens, statuses, log }
}

const pane = (rig: Rig, paneId: string): PaneInfo | undefined => rig.host.panes.list().find((listed) => listed.id === paneId)

/** The pane's info once `match` holds, following panes.changed. */
async function paneWhere(rig: Rig, paneId: string, match: (info: PaneInfo) => boolean): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const unsubscribe = rig.host.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  await waiter.until(() => {
    const info = pane(rig, paneId)
    return info !== undefined && match(info)
  })
  unsubscribe()
  return pane(rig, paneId) as PaneInfo
}

const submit = (rig: Rig, paneId: string, text: string): Promise<void> =>
  submitPrompt(rig.screens.screen(paneId), (data) => rig.host.panes.write(paneId, data), text)

/** A haiku pane that has had one turn (so it has a transcript to resume). */
async function paneWithTurn(rig: Rig, prompt: string, reply: string): Promise<PaneInfo> {
  const result: CallResult = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'haiku', cols: 110, rows: 36 }, 'test')
  if (!result.ok) throw new Error(result.error.message)
  const created = result.value as PaneInfo
  await rig.statuses.next(created.id, (status) => status.state === 'idle' && status.sessionId !== undefined, 0)
  await rig.screens.screen(created.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')
  const from = rig.statuses.entries(created.id).length
  rig.api.enqueue({ text: reply })
  await submit(rig, created.id, prompt)
  await rig.screens.screen(created.id).waitForText(reply, WAIT_MS)
  await rig.statuses.next(created.id, (status) => status.state === 'idle', from)
  return pane(rig, created.id) as PaneInfo
}

/** SIGKILLs the pane's agent and returns the pid it killed. */
function killAgent(rig: Rig, paneId: string): number {
  const pid = pane(rig, paneId)?.pid
  if (pid === undefined) throw new Error('the pane has no process')
  process.kill(pid, 'SIGKILL')
  return pid
}

const scheduledLogs = (rig: Rig): number => rig.log.entries.filter((entry) => entry.message === 'crashed agent restart scheduled').length

/** Every restart the pane's info announced, in order (recorded as they come, so a short wait cannot be missed). */
function recordScheduled(rig: Rig, paneId: string): Array<NonNullable<NonNullable<PaneInfo['autoRestart']>['scheduled']>> {
  const seen: Array<NonNullable<NonNullable<PaneInfo['autoRestart']>['scheduled']>> = []
  const unsubscribe = rig.host.events.subscribe((name, payload) => {
    if (name !== 'panes.changed') return
    const scheduled = (payload as { panes: PaneInfo[] }).panes.find((info) => info.id === paneId)?.autoRestart?.scheduled
    if (scheduled && scheduled.at !== seen.at(-1)?.at) seen.push(scheduled)
  })
  cleanups.push(unsubscribe)
  return seen
}

describe.each(CLAUDE_CLIS)('crashed agents come back with the real Claude Code CLI $label', (cli) => {
  it('a restart that cannot start (its folder was deleted) counts as a try and says why', async () => {
    const rig = await startRig(cli)
    // Under the trusted workspace folder: no trust dialog.
    const folder = join(rig.cwd, 'project')
    mkdirSync(folder)
    const result: CallResult = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'haiku', cwd: folder, cols: 100, rows: 30 }, 'test')
    if (!result.ok) throw new Error(result.error.message)
    const created = result.value as PaneInfo
    await rig.statuses.next(created.id, (status) => status.state === 'idle', 0)
    rmSync(folder, { recursive: true })
    killAgent(rig, created.id)
    const gaveUp = await paneWhere(rig, created.id, (info) => info.autoRestart?.gaveUp !== undefined)
    expect(gaveUp.autoRestart?.failed).toBe(`The automatic restart failed: The folder ${folder} no longer exists. Choose another folder for this pane.`)
    expect(gaveUp.folderProblem).toBe(`The folder ${folder} no longer exists.`)
    expect(gaveUp.status?.state).toBe('crashed')
    expect(scheduledLogs(rig)).toBe(3)
  })


  it('a killed agent resumes its conversation, the other pane is untouched, and past the cap it stays Crashed', async () => {
    const rig = await startRig(cli)
    const victim = await paneWithTurn(rig, 'remember the word lighthouse', 'Noted: lighthouse.')
    const bystander = await paneWithTurn(rig, 'remember the word harbour', 'Noted: harbour.')
    const sessionId = victim.agent?.sessionId
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)

    const scheduled = recordScheduled(rig, victim.id)
    const from = rig.statuses.entries(victim.id).length
    const killed = killAgent(rig, victim.id)
    const crashed = await rig.statuses.next(victim.id, (status) => status.state === 'crashed', from)
    expect(crashed.status.reason).toBe('signal 9')

    // Back: a new process resuming the same conversation, at its prompt.
    const revived = await paneWhere(rig, victim.id, (info) => info.pid !== undefined && info.pid !== killed && !info.exit)
    expect(scheduled).toMatchObject([{ attempt: 1, of: 3 }])
    // Not before its wait: the restart ran from the timer.
    expect(Date.now()).toBeGreaterThanOrEqual(scheduled[0]?.at ?? Infinity)
    expect(revived.pid).not.toBe(killed)
    const idle = await rig.statuses.next(victim.id, (status) => status.state === 'idle', from)
    expect(idle.status.sessionId).toBe(sessionId)
    expect(pane(rig, victim.id)?.agent?.sessionId).toBe(sessionId)
    expect(pane(rig, bystander.id)?.pid).toBe(bystander.pid)
    expect(pane(rig, bystander.id)?.status?.state).toBe('idle')

    // The next prompt carries the conversation from before the kill.
    await rig.screens.screen(victim.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt after the restart')
    rig.api.enqueue({ text: 'It was lighthouse.' })
    await submit(rig, victim.id, 'which word did I ask you to remember?')
    const request = await rig.api.waitForRequest(
      (recorded) => recorded.kind === 'main' && JSON.stringify(recorded.messages).includes('which word did I ask you to remember?'),
      WAIT_MS
    )
    const history = JSON.stringify(request.messages)
    expect(history).toContain('remember the word lighthouse')
    expect(history).toContain('Noted: lighthouse.')
    expect(history).not.toContain('harbour')
    await rig.screens.screen(victim.id).waitForText('It was lighthouse.', WAIT_MS)

    // Killed again as soon as each restart runs: tries 2 and 3, then no 4th.
    let lastPid = killAgent(rig, victim.id)
    for (let i = 0; i < 2; i++) {
      const restarted = await paneWhere(rig, victim.id, (info) => info.pid !== undefined && info.pid !== lastPid && !info.exit)
      lastPid = killAgent(rig, restarted.id)
    }
    const gaveUp = await paneWhere(rig, victim.id, (info) => info.autoRestart?.gaveUp !== undefined)
    expect(gaveUp.autoRestart?.gaveUp).toBe('Not restarted: it crashed again after 3 restarts within 2 minutes.')
    expect(gaveUp.autoRestart?.scheduled).toBeUndefined()
    expect(gaveUp.status?.state).toBe('crashed')
    expect(gaveUp.exit).toMatchObject({ signal: 9 })
    expect(gaveUp.pid).toBe(lastPid)
    expect(scheduled.map(({ attempt, of }) => `${attempt} of ${of}`)).toEqual(['1 of 3', '2 of 3', '3 of 3'])
    expect(scheduledLogs(rig)).toBe(3)
    expect(pane(rig, bystander.id)?.pid).toBe(bystander.pid)

    // The Restart button still works, and makes every try available again.
    const restart: CallResult = await rig.host.dispatcher.dispatch('pane.restart', { paneId: victim.id }, 'test')
    expect(restart.ok).toBe(true)
    const afterUser = await paneWhere(rig, victim.id, (info) => info.pid !== lastPid && !info.exit && info.autoRestart?.gaveUp === undefined)
    expect(afterUser.autoRestart).toEqual({ enabled: true })
  })
})

describe('shells after a non-zero exit', () => {
  it('stay ended: `exit 3` is what the user typed', async () => {
    const log = captureLog()
    const host = createHost({ kind: 'browser', version: 'test', defaultCwd: tmpdir(), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: log.log, restartPolicy: POLICY })
    const statuses = new StatusRecorder(host)
    cleanups.push(() => host.dispose(), () => statuses.dispose())
    const result: CallResult = await host.dispatcher.dispatch('pane.create', { kind: 'shell', cols: 80, rows: 24 }, 'test')
    if (!result.ok) throw new Error(result.error.message)
    const shell = result.value as PaneInfo
    host.panes.write(shell.id, 'exit 3\r')
    const crashed = await statuses.next(shell.id, (status) => status.state === 'crashed', 0)
    expect(crashed.status.reason).toBe('exit code 3')
    const info = host.panes.list().find((listed) => listed.id === shell.id)
    expect(info?.autoRestart).toBeUndefined()
    expect(log.entries.filter((entry) => entry.message.startsWith('crashed agent'))).toEqual([])
    const refused: CallResult = await host.dispatcher.dispatch('pane.setAutoRestart', { paneId: shell.id, enabled: true }, 'test')
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
