import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { aliasModel, CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli, type ModelAlias } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'

// Per-pane agent config with the real Claude Code CLI in host panes, against the
// fake API: each pane's requests carry its own model, a switch waits for the turn
// and touches no other pane, and an isolated pane starts straight at its prompt.
// Once per CLI of claude-versions.ts, which the host finds first on its PATH.

const PROMPT_MS = 30_000

interface Rig {
  host: Host
  api: FakeAnthropic
  screens: HostScreens
  userConfigDir: string
  cwd: string
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-agent-cwd-'))
  // The "user's own" Claude config dir: what shared panes use.
  const userConfigDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, userConfigDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const env = onPath.env
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: captureLog().log, env })
  const screens = new HostScreens(host)
  cleanups.push(() => host.dispose(), () => screens.dispose())
  return { host, api, screens, userConfigDir, cwd }
}

async function call<T>(host: Host, name: string, input: unknown): Promise<T> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

async function createClaude(rig: Rig, options: Record<string, unknown>): Promise<PaneInfo> {
  const pane = await call<PaneInfo>(rig.host, 'pane.create', { kind: 'claude', cols: 110, rows: 36, ...options })
  await rig.screens.screen(pane.id).waitFor(isIdleAtPrompt, PROMPT_MS, `pane ${JSON.stringify(options)} at its prompt`)
  return pane
}

function submit(rig: Rig, paneId: string, text: string): Promise<void> {
  return submitPrompt(rig.screens.screen(paneId), (data) => rig.host.panes.write(paneId, data), text)
}

/** Submits and waits for the reply's text and the prompt after it. */
async function converse(rig: Rig, paneId: string, text: string, reply = 'OK from the fake API.'): Promise<void> {
  await submit(rig, paneId, text)
  const screen = rig.screens.screen(paneId)
  await screen.waitForText(reply, PROMPT_MS)
  await screen.waitFor(isIdleAtPrompt, PROMPT_MS, 'the prompt after the reply')
}

const modelsOf = (api: FakeAnthropic, sessionId: string | undefined): Array<string | undefined> =>
  api.mainRequests().filter((request) => request.sessionId === sessionId).map((request) => request.model)

const paneInfo = (host: Host, paneId: string): PaneInfo | undefined => host.panes.list().find((pane) => pane.id === paneId)

/** What a request for `alias` must carry: the exact id where this CLI was checked, else the family. */
function sentFor(cli: ClaudeCli, alias: ModelAlias): unknown {
  const model = aliasModel(cli, alias)
  return typeof model === 'string' ? model : expect.stringMatching(model)
}

describe.each(CLAUDE_CLIS)('per-pane agent config with the real Claude Code CLI $label', (cli) => {
  const MODEL_IDS = { haiku: sentFor(cli, 'haiku'), opus: sentFor(cli, 'opus'), sonnet: sentFor(cli, 'sonnet') }

  it('sends each pane its own model, and a switch waits for the turn and changes only that pane', async () => {
    const rig = await startRig(cli)
    const worker = await createClaude(rig, { preset: 'haiku-worker' })
    const heavy = await createClaude(rig, { preset: 'opus-heavy' })
    const sonnet = await createClaude(rig, { model: 'sonnet' })
    expect(worker.agent).toMatchObject({ model: 'haiku', preset: 'haiku-worker', isolation: 'shared' })
    // The host runs the CLI this block is for, not whichever claude npm linked.
    expect(worker.agent?.cli).toMatchObject({ version: cli.version })
    expect(heavy.agent?.explain).toContain('effort high — preset opus-heavy')
    expect(sonnet.agent?.explain).toContain('model sonnet — pane override')

    for (const pane of [worker, heavy, sonnet]) await converse(rig, pane.id, `hello from ${pane.id.slice(0, 8)}`)
    expect(modelsOf(rig.api, worker.agent?.sessionId)).toEqual([MODEL_IDS.haiku])
    expect(modelsOf(rig.api, heavy.agent?.sessionId)).toEqual([MODEL_IDS.opus])
    expect(modelsOf(rig.api, sonnet.agent?.sessionId)).toEqual([MODEL_IDS.sonnet])

    // A switch asked for mid-turn waits: the turn finishes on the old process and model.
    rig.api.enqueue({ text: 'A slow answer, still on haiku.', delayMs: 2_000 })
    await submit(rig, worker.id, 'take your time')
    await rig.api.waitForRequest((request) => request.sessionId === worker.agent?.sessionId && request.messages.length > 1)
    const pending = await call<PaneInfo>(rig.host, 'pane.setModel', { paneId: worker.id, model: 'opus' })
    expect(pending.agent).toMatchObject({ model: 'haiku', pendingModel: 'opus' })
    expect(pending.pid).toBe(worker.pid)
    await rig.screens.screen(worker.id).waitForText('A slow answer, still on haiku.', PROMPT_MS)

    // Then the pane restarts on the same conversation with the new model.
    await waitForPane(rig, worker.id, (info) => info.pid !== worker.pid && info.agent?.pendingModel === undefined)
    expect(paneInfo(rig.host, worker.id)?.agent?.explain).toContain('model opus — pane override')
    await rig.screens.screen(worker.id).waitFor(isIdleAtPrompt, PROMPT_MS, 'the resumed prompt')
    await converse(rig, worker.id, 'now on opus')
    expect(modelsOf(rig.api, worker.agent?.sessionId)).toEqual([MODEL_IDS.haiku, MODEL_IDS.haiku, MODEL_IDS.opus])
    const last = rig.api.mainRequests().at(-1)
    expect(JSON.stringify(last?.messages)).toContain('take your time')

    // No other pane moved, and no settings file took the switch as a default.
    await converse(rig, heavy.id, 'still opus?')
    await converse(rig, sonnet.id, 'still sonnet?')
    expect(modelsOf(rig.api, heavy.agent?.sessionId)).toEqual([MODEL_IDS.opus, MODEL_IDS.opus])
    expect(modelsOf(rig.api, sonnet.agent?.sessionId)).toEqual([MODEL_IDS.sonnet, MODEL_IDS.sonnet])
    expect(existsSync(join(rig.userConfigDir, 'settings.json'))).toBe(false)
  })

  it('passes the preset context limit as the auto-compact window, as /context reports', async () => {
    const rig = await startRig(cli)
    // 150k: neither the CLI's default window nor its 100k floor, so only our setting explains it.
    const pane = await createClaude(rig, { preset: 'sonnet-default' })
    await submit(rig, pane.id, '/context')
    // 2.1.33x pads the label with more spaces.
    await rig.screens.screen(pane.id).waitForText(/Auto-compact window: +150k tokens/, PROMPT_MS)
    const record = JSON.parse(readFileSync(join(dataDirOf(rig), 'panes', pane.id, 'agent-config.json'), 'utf8')) as Record<string, unknown>
    expect(record).toMatchObject({ preset: 'sonnet-default', sessionId: pane.agent?.sessionId, config: { model: 'sonnet', contextLimit: 150_000 } })
  })

  it('starts an isolated pane straight at its prompt with the user settings copied in', async () => {
    const rig = await startRig(cli)
    writeFileSync(join(rig.userConfigDir, 'CLAUDE.md'), '# remember: tessera isolation test\n')
    const pane = await createClaude(rig, { config: { isolation: 'isolated' }, model: 'haiku' })
    const screen = rig.screens.screen(pane.id)
    expect(screen.text()).not.toMatch(/trust|Do you want to use this API key|Select login method|theme/i)
    const ownDir = join(dataDirOf(rig), 'panes', pane.id, 'claude-config')
    expect(readFileSync(join(ownDir, 'CLAUDE.md'), 'utf8')).toContain('tessera isolation test')
    expect(pane.agent).toMatchObject({ isolation: 'isolated' })
    expect(pane.agent?.note).toBeUndefined()
    await converse(rig, pane.id, 'hello from an isolated pane')
    expect(modelsOf(rig.api, pane.agent?.sessionId)).toEqual([MODEL_IDS.haiku])
    // The CLI wrote its session to the pane's own dir, not the user's.
    expect(existsSync(join(ownDir, 'projects'))).toBe(true)
    expect(existsSync(join(rig.userConfigDir, 'projects'))).toBe(false)
  })

  it('refuses an invalid model with a clear message and starts no process', async () => {
    const rig = await startRig(cli)
    const result = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', model: 'gpt-5', cols: 80, rows: 24 }, 'test')
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(!result.ok && result.error.message).toMatch(/Unknown model "gpt-5" for Claude Code: use an alias \(opus, sonnet, haiku/)
    expect(rig.host.panes.list()).toEqual([])
    expect(rig.api.requests).toEqual([])
  })
})

function dataDirOf(rig: Rig): string {
  return rig.host.dataDir
}

async function waitForPane(rig: Rig, paneId: string, check: (info: PaneInfo) => boolean): Promise<void> {
  await new Promise<void>((resolve) => {
    const test = (): boolean => {
      const info = paneInfo(rig.host, paneId)
      return !!info && check(info)
    }
    if (test()) return resolve()
    const stop = rig.host.events.subscribe((name) => {
      if (name === 'panes.changed' && test()) {
        stop()
        resolve()
      }
    })
  })
}
