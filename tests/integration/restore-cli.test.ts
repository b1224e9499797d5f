import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { flattenedScreen } from '../../src/main/pty/pane-output.ts'
import type { CallInput, PaneInfo } from '../../src/shared/bridge.ts'
import type { Layout, LayoutNode } from '../../src/shared/layout.ts'
import { BridgeClient } from '../support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { aliasModel, CLAUDE_CLIS, type ClaudeCli, type ModelAlias } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../support/fake-anthropic.ts'
import { RemoteScreens } from '../support/remote-screens.ts'
import { savedPanes, savedScreen, snapshotText, untilSaved, type SavedScreen } from '../support/saved-state.ts'
import { startServe, type ServePlaces, type ServeProcess } from '../support/serve-process.ts'
import { startGate, type StartGate } from '../support/start-gate.ts'

// Issue 14's test: a host with three Claude panes (two models, one from a preset, one after
// /clear), one never prompted, and a shell that cd'd into a subfolder is SIGKILLed; a new
// host on the same data dir brings every pane back where it was, each agent in its own
// conversation with its own model, the shell in its folder.

const WAIT_MS = 30_000
/** Screens are saved about 2 s after output starts; panes.json within ~100 ms of a change. */
const SAVE_WAIT_MS = 15_000
const PRESET = 'restore-sonnet'
const NO_CONVERSATION = 'No conversation found'

interface Rig {
  api: FakeAnthropic
  /** The workspace folder (serve's --cwd), trusted in the CLI's config. */
  workspace: string
  /** Where the shell cds to. */
  subfolder: string
  places: ServePlaces
  gate: StartGate
}

/** One of the two hosts: its process, a bridge to it, and its panes' screens. */
interface Connected {
  serve: ServeProcess
  bridge: BridgeClient
  remote: RemoteScreens
}

/** A Claude pane of the test, what it was told before the kill, and what it must remember. */
interface AgentPane {
  info: PaneInfo
  alias: ModelAlias
  /** Said before the kill, in the conversation the pane is in at the kill; undefined: never prompted. */
  remembered?: { prompt: string; reply: string }
  /** Said before /clear: never part of the resumed conversation. */
  forgotten?: string
}

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-restore-'))
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
  const workspace = join(scratch, 'project')
  const subfolder = join(workspace, 'sub')
  mkdirSync(subfolder, { recursive: true })
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [workspace] })
  cleanups.push(() => rmSync(configDir, { recursive: true, force: true }))
  const gate = await startGate(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => gate.dispose())
  gate.open()
  return { api, workspace, subfolder, places: { home: join(scratch, 'home'), dataDir: join(scratch, 'data') }, gate }
}

async function startHost(rig: Rig): Promise<Connected> {
  const serve = await startServe(['--cwd', rig.workspace], rig.gate.env, rig.places)
  cleanups.push(() => serve.stop())
  const bridge = await BridgeClient.connect(serve)
  const remote = new RemoteScreens(bridge)
  cleanups.push(() => bridge.close(), () => remote.dispose())
  return { serve, bridge, remote }
}

async function createPane(host: Connected, input: CallInput<'pane.create'>): Promise<PaneInfo> {
  const info = await host.bridge.call('pane.create', input)
  await host.remote.attach(info.id)
  return info
}

const writer =
  (host: Connected, paneId: string) =>
  (data: string): void =>
    void host.bridge.call('pane.write', { paneId, data })

/** Idle at an empty prompt with its session known, its process drawing (not a restored screen). */
async function claudeReady(host: Connected, paneId: string): Promise<PaneInfo> {
  const info = await host.remote.paneWhere(
    paneId,
    (pane) => pane.status?.state === 'idle' && pane.status.sessionId !== undefined && pane.restored === undefined,
    WAIT_MS,
    'an idle Claude pane with its session'
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${host.remote.screen(paneId).dump()}`)
  })
  await host.remote.screen(paneId).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')
  return info
}

/** One prompt and its scripted reply; returns the request that carried the prompt. */
async function turn(host: Connected, api: FakeAnthropic, paneId: string, prompt: string, reply: string): Promise<RecordedRequest> {
  const screen = host.remote.screen(paneId)
  api.enqueue({ text: reply })
  await submitPrompt(screen, writer(host, paneId), prompt)
  const request = await api.waitForRequest((recorded) => recorded.kind === 'main' && JSON.stringify(recorded.messages).includes(prompt), WAIT_MS)
  await screen.waitForText(reply, WAIT_MS)
  await screen.waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt after the reply')
  return request
}

/** The layout's splits, depth first. */
function splitsOf(node: LayoutNode | null): Array<Extract<LayoutNode, { type: 'split' }>> {
  if (!node || node.type === 'pane') return []
  return [node, ...node.children.flatMap(splitsOf)]
}

/** What must survive the kill, per pane (the folder is checked apart: a Claude pane's follows its helpers' at times). */
const identity = (info: PaneInfo): Record<string, unknown> => ({
  id: info.id,
  kind: info.kind,
  cols: info.cols,
  rows: info.rows,
  ...(info.agent && { model: info.agent.model, preset: info.agent.preset, sessionId: info.agent.sessionId })
})

/** The process's start time (clock ticks after boot) from /proc, or undefined once it has ended (a zombie has). */
function runningSince(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const [state, ...rest] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return state === 'Z' ? undefined : rest[18]
  } catch {
    return undefined
  }
}

describe.each(CLAUDE_CLIS)('a SIGKILLed host started again on its data dir, with the real Claude Code CLI $label', (cli) => {
  it('brings back the layout, sizes, sessions, models, conversations and the shell’s folder', { timeout: 150_000 }, async () => {
    const rig = await startRig(cli)
    const first = await startHost(rig)
    await first.bridge.call('presets.save', { name: PRESET, kind: 'claude', config: { model: 'sonnet' } })

    // The grid: [haiku over [opus | shell]] | [preset over never-prompted].
    const haiku = await createPane(first, { kind: 'claude', model: 'haiku', cols: 100, rows: 30 })
    const preset = await createPane(first, { kind: 'claude', preset: PRESET, cols: 92, rows: 30, beside: { paneId: haiku.id, edge: 'right' } })
    const cleared = await createPane(first, { kind: 'claude', model: 'opus', cols: 100, rows: 28, beside: { paneId: haiku.id, edge: 'bottom' } })
    const unprompted = await createPane(first, { kind: 'claude', model: 'haiku', cols: 92, rows: 26, beside: { paneId: preset.id, edge: 'bottom' } })
    // Its folder named: a split inherits the folder its neighbour's foreground process works in, which a Claude pane's helpers can move.
    const shell = await createPane(first, { kind: 'shell', cwd: rig.workspace, cols: 80, rows: 24, beside: { paneId: cleared.id, edge: 'right' } })
    const [root, nested] = splitsOf((await first.bridge.call('layout.get', {})).root)
    await first.bridge.call('layout.resize', { splitId: root?.id ?? '', sizes: [62, 38] })
    await first.bridge.call('layout.resize', { splitId: nested?.id ?? '', sizes: [35, 65] })
    const layout: Layout = await first.bridge.call('layout.get', {})
    expect(splitsOf(layout.root).map((split) => split.sizes)).toEqual(expect.arrayContaining([[62, 38], [35, 65]]))
    const agents: AgentPane[] = [
      { info: haiku, alias: 'haiku', remembered: { prompt: 'remember the word lighthouse', reply: 'Noted: lighthouse.' } },
      { info: preset, alias: 'sonnet', remembered: { prompt: 'remember the word harbour', reply: 'Noted: harbour.' } },
      { info: cleared, alias: 'opus', remembered: { prompt: 'remember the word glacier', reply: 'Noted: glacier.' }, forgotten: 'remember the word meadow' },
      { info: unprompted, alias: 'haiku' }
    ]
    await Promise.all(agents.map((agent) => claudeReady(first, agent.info.id)))

    // A turn each (the cleared pane's second one in the session /clear started), a command in the shell.
    await turn(first, rig.api, cleared.id, 'remember the word meadow', 'Noted: meadow.')
    const beforeClear = first.remote.latest(cleared.id)?.agent?.sessionId
    await submitPrompt(first.remote.screen(cleared.id), writer(first, cleared.id), '/clear')
    await first.remote.paneWhere(cleared.id, (info) => info.agent?.sessionId !== beforeClear, WAIT_MS, 'a new session after /clear')
    await first.remote.screen(cleared.id).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt after /clear')
    for (const agent of agents) {
      if (!agent.remembered) continue
      const request = await turn(first, rig.api, agent.info.id, agent.remembered.prompt, agent.remembered.reply)
      expect(request.model).toMatch(aliasModel(cli, agent.alias))
    }
    writer(first, shell.id)('cd sub && echo shell-$((6 * 7))\r')
    await first.remote.screen(shell.id).waitForText(/^shell-42$/m, WAIT_MS)

    const before = await first.bridge.call('pane.list', {})
    const sessionOf = (paneId: string): string | undefined => before.find((info) => info.id === paneId)?.agent?.sessionId
    expect(sessionOf(cleared.id)).not.toBe(beforeClear)
    expect(new Set(agents.map((agent) => sessionOf(agent.info.id))).size).toBe(agents.length)

    // Killed only once everything is on disk: the host writes on its own timers.
    const shownAtKill = new Map([...agents.map((agent) => [agent.info.id, agent.remembered?.reply ?? 'Claude Code'] as const), [shell.id, 'shell-42'] as const])
    const { dataDir } = rig.places
    await untilSaved(async () => {
      for (const info of before) {
        const saved = savedPanes(dataDir).find((pane) => pane.id === info.id)
        if (!saved) return `pane ${info.id} in panes.json`
        if (saved.agent?.sessionId !== info.agent?.sessionId) return `session ${info.agent?.sessionId} of ${info.id} in panes.json, not ${saved.agent?.sessionId}`
        if (info.kind === 'shell' && saved.cwd !== rig.subfolder) return `the shell's folder ${rig.subfolder} in panes.json, not ${saved.cwd}`
        const screen = savedScreen(dataDir, info.id)
        const text = shownAtKill.get(info.id) ?? ''
        if (!screen || !(await snapshotText(screen)).includes(text)) return `"${text}" in the saved screen of ${info.id}`
      }
      return undefined
    }, SAVE_WAIT_MS)
    const atKill = await first.bridge.call('pane.list', {})
    expect(atKill.find((info) => info.id === shell.id)?.cwd).toBe(rig.subfolder)
    const processes = atKill.map((info) => ({ pid: info.pid ?? -1, startTime: runningSince(info.pid ?? -1) }))

    rig.gate.close()
    await first.serve.stop('SIGKILL')
    expect(first.serve.child.signalCode).toBe('SIGKILL')
    const savedScreens = new Map(before.map((info) => [info.id, savedScreen(dataDir, info.id) as SavedScreen]))

    // The new host, its panes held back before their programs print: each shows its saved screen, marked restored.
    const second = await startHost(rig)
    expect(second.serve.token).toBe(first.serve.token)
    const restored = await Promise.all(atKill.map((info) => second.remote.paneWhere(info.id, (pane) => pane.pid !== undefined, WAIT_MS, 'the restored pane started')))
    expect(await second.bridge.call('recovery.report', {})).toEqual({ restoredPanes: atKill.length, problems: [] })
    expect(await second.bridge.call('pane.list', {})).toHaveLength(atKill.length)
    expect(await second.bridge.call('layout.get', {})).toEqual(layout)
    expect(restored.map(identity)).toEqual(atKill.map(identity))
    // Claude resumes where its conversation is; the shell starts where it had gone.
    expect(restored.map((info) => info.cwd)).toEqual(restored.map((info) => (info.id === shell.id ? rig.subfolder : rig.workspace)))
    for (const info of restored) {
      const saved = savedScreens.get(info.id) as SavedScreen
      expect(info.restored).toEqual({ savedAt: saved.savedAt })
      const screen = await second.remote.attach(info.id)
      // Drawn as saved (a full-screen program's last screen flattened into the normal buffer), never the old raw output.
      expect(second.remote.output(info.id)).toContain(flattenedScreen(saved.data))
      expect(screen.includes(shownAtKill.get(info.id) ?? ''), `the held ${info.kind} pane ${info.id} shows its saved screen:\n${screen.dump()}`).toBe(true)
    }
    // The old processes are gone (a pid alone could be reused: it is the pid with its start time).
    for (const { pid, startTime } of processes) expect(runningSince(pid), `old process ${pid}`).not.toBe(startTime)

    rig.gate.open()
    for (const agent of agents) {
      const ready = await claudeReady(second, agent.info.id)
      expect(ready.agent?.sessionId).toBe(sessionOf(agent.info.id))
      expect(ready.status?.sessionId).toBe(sessionOf(agent.info.id))
    }
    for (const [index, agent] of agents.entries()) {
      const question = `which word did I ask you to remember? (pane ${index + 1})`
      const request = await turn(second, rig.api, agent.info.id, question, `Pane ${index + 1} answers.`)
      expect(request.model).toMatch(aliasModel(cli, agent.alias))
      expect(request.sessionId).toBe(sessionOf(agent.info.id))
      const history = JSON.stringify(request.messages)
      if (agent.remembered) expect(history).toContain(agent.remembered.prompt)
      if (agent.remembered) expect(history).toContain(agent.remembered.reply)
      if (agent.forgotten) expect(history).not.toContain(agent.forgotten)
      expect(second.remote.output(agent.info.id)).not.toContain(NO_CONVERSATION)
    }

    await second.remote.paneWhere(shell.id, (info) => info.pid !== undefined && info.restored === undefined, WAIT_MS, 'the shell drawing')
    writer(second, shell.id)('pwd\r')
    await second.remote.screen(shell.id).waitFor((screen) => screen.lines().some((line) => line === rig.subfolder), WAIT_MS, `pwd printing ${rig.subfolder}`)
  })
})
