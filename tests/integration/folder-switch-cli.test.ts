import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'

// A model switch restarts the agent; when the pane's folder was deleted the restart
// could not start it again (chdir fails), so the switch must never stop it: the
// agent keeps running and talking, and the pane says why the switch waits.
// Once per CLI of claude-versions.ts, which the host finds first on its PATH.

const PROMPT_MS = 30_000

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Rig {
  host: Host
  api: FakeAnthropic
  screens: HostScreens
  project: string
}

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const project = mkdtempSync(join(tmpdir(), 'tessera-doomed-project-'))
  cleanups.push(() => rmSync(project, { recursive: true, force: true }))
  const userConfigDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [project] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, userConfigDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: project, dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log, env: onPath.env })
  const screens = new HostScreens(host)
  cleanups.push(() => host.dispose(), () => screens.dispose())
  return { host, api, screens, project }
}

async function call(host: Host, name: string, input: unknown): Promise<CallResult<PaneInfo>> {
  return (await host.dispatcher.dispatch(name, input, 'test')) as CallResult<PaneInfo>
}

const paneInfo = (host: Host, paneId: string): PaneInfo | undefined => host.panes.list().find((pane) => pane.id === paneId)

async function paneBecomes(host: Host, paneId: string, check: (pane: PaneInfo) => boolean): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const stop = host.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  await waiter.until(() => {
    const pane = paneInfo(host, paneId)
    return !!pane && check(pane)
  })
  stop()
  return paneInfo(host, paneId) as PaneInfo
}

async function converse(rig: Rig, paneId: string, text: string, reply: string): Promise<void> {
  rig.api.enqueue({ text: reply })
  const screen = rig.screens.screen(paneId)
  await submitPrompt(screen, (data) => rig.host.panes.write(paneId, data), text)
  await screen.waitForText(reply, PROMPT_MS)
  await screen.waitFor(isIdleAtPrompt, PROMPT_MS, 'the prompt after the reply')
}

describe.each(CLAUDE_CLIS)('a model switch in a deleted folder with the real Claude Code CLI $label', (cli) => {
  it('keeps the running agent, reports the folder, and leaves the switch waiting', async () => {
    const rig = await startRig(cli)
    const created = await call(rig.host, 'pane.create', { kind: 'claude', model: 'haiku', cols: 110, rows: 36 })
    if (!created.ok) throw new Error(created.error.message)
    const pane = created.value
    const screen = rig.screens.screen(pane.id)
    await screen.waitFor(isIdleAtPrompt, PROMPT_MS, 'the first prompt')

    // A switch asked for mid-turn waits for the turn; the folder goes meanwhile.
    rig.api.enqueue({ text: 'A slow answer before the switch.', delayMs: 2_000 })
    await submitPrompt(screen, (data) => rig.host.panes.write(pane.id, data), 'take your time')
    await rig.api.waitForRequest((request) => request.sessionId === pane.agent?.sessionId && request.messages.length > 0)
    const pending = await call(rig.host, 'pane.setModel', { paneId: pane.id, model: 'opus' })
    expect(pending).toMatchObject({ ok: true, value: { agent: { model: 'haiku', pendingModel: 'opus' } } })
    rmSync(rig.project, { recursive: true })
    await screen.waitForText('A slow answer before the switch.', PROMPT_MS)

    // The turn ended: the switch would go now, but the folder is gone, so the agent stays.
    const reported = await paneBecomes(rig.host, pane.id, (info) => info.folderProblem !== undefined)
    expect(reported.folderProblem).toBe(`The folder ${rig.project} no longer exists.`)
    expect(reported.agent).toMatchObject({ model: 'haiku', pendingModel: 'opus' })
    expect(rig.host.panes.process(pane.id)).toEqual({ running: true, pid: pane.pid })

    // Asked again while idle: refused at once with the reason, nothing stopped.
    const refused = await call(rig.host, 'pane.setModel', { paneId: pane.id, model: 'sonnet' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: `The folder ${rig.project} no longer exists. Choose another folder for this pane.` }
    })
    expect(rig.host.panes.process(pane.id)).toEqual({ running: true, pid: pane.pid })

    // The same agent still answers, on its old model.
    await converse(rig, pane.id, 'are you still there?', 'Still here on the old model.')
    const sent = rig.api.mainRequests().filter((request) => request.sessionId === pane.agent?.sessionId)
    expect(new Set(sent.map((request) => request.model)).size).toBe(1)
    expect(sent.at(-1)?.model).toMatch(/haiku/)
    // Every status change since (this turn's too) tried the waiting switch: still the same process.
    expect(rig.host.panes.process(pane.id)).toEqual({ running: true, pid: pane.pid })
    expect(paneInfo(rig.host, pane.id)?.agent?.pendingModel).toBe('opus')
  })
})
