import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallInput, CallName, CallOutput, CallResult } from '../../src/shared/bridge'
import type { TokenCounts } from '../../src/shared/costs'
import type { Task } from '../../src/shared/tasks'
import { createHost, type Host } from '../../src/main/host'
import { BridgeClient } from '../support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-config.ts'
import { aliasModel, CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../support/fake-anthropic.ts'
import { git, makeRepo } from '../support/git-repo.ts'
import { captureLog } from '../support/log-capture.ts'
import { untilSaved } from '../support/saved-state.ts'
import { startServe, type ServePlaces, type ServeProcess } from '../support/serve-process.ts'

// Issue 16 with the real Claude Code CLI (each supported version) against the fake API: a task
// runs plan (opus) → build (sonnet) → test (haiku) in its worktree, in one conversation; and
// a task survives its host being SIGKILLed mid-stage.

const WAIT_MS = 60_000
const TITLE = 'Teach the parser about unicode escapes'
const REPLIES = { plan: 'Plan: three steps, parser first.', build: 'Built: the parser handles escapes.', test: 'Tested: all escapes pass.' } as const

interface Rig {
  api: FakeAnthropic
  repo: string
  base: string
  places: ServePlaces
  env: Record<string, string>
}

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-task-cli-'))
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
  const repo = join(scratch, 'project')
  const base = makeRepo(repo, { 'parser.ts': 'export const parse = (s: string) => s\n' })
  const dataDir = join(scratch, 'data')
  // Worktrees live under the data dir: trusting it (a parent) trusts every task's folder.
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [dataDir, repo] })
  cleanups.push(() => rmSync(configDir, { recursive: true, force: true }))
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  return { api, repo, base, places: { home: join(scratch, 'home'), dataDir }, env: onPath.env }
}

const taskInput = (rig: Rig): CallInput<'tasks.create'> => ({
  title: TITLE,
  description: 'Escapes like \\u00e9 must decode.',
  repo: rig.repo,
  baseBranch: 'main',
  complexity: 'simple',
  stages: [
    { stage: 'clarify', enabled: false },
    { stage: 'plan', enabled: true, model: 'opus' },
    { stage: 'build', enabled: true, model: 'sonnet' },
    { stage: 'test', enabled: true, model: 'haiku' }
  ]
})

/** The folder the request says the agent works in (the system prompt's environment, a message in 2.1.33x). */
function workingDirectory(request: RecordedRequest): string | undefined {
  return /Primary working directory: ([^\s"\\]+)/.exec(JSON.stringify(request.body))?.[1]
}

/** The main request that carried a stage's prompt. */
const stageRequest = (api: FakeAnthropic, stage: string): Promise<RecordedRequest> =>
  api.waitForRequest((request) => request.kind === 'main' && JSON.stringify(request.messages).includes(`Stage: ${stage}.`), WAIT_MS)

/** The usage the fake API answered a request with, as token classes. */
function tokensOf(request: RecordedRequest): TokenCounts {
  const usage = request.reply?.usage
  if (!usage) throw new Error('the request got no reply')
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite5m: usage.cache_creation.ephemeral_5m_input_tokens,
    cacheWrite1h: usage.cache_creation.ephemeral_1h_input_tokens,
    cacheRead: usage.cache_read_input_tokens
  }
}

const sumOf = (tokens: TokenCounts): number => tokens.input + tokens.output + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead

async function call<K extends CallName>(host: Host, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as CallOutput<K>
}

describe.each(CLAUDE_CLIS)('a task on the real Claude Code CLI $label', (cli) => {
  it('runs plan (opus) → build (sonnet) → test (haiku) in its worktree, one conversation, each stage on its model', { timeout: 180_000 }, async () => {
    const rig = await startRig(cli)
    const host = createHost({ kind: 'browser', version: 'test', defaultCwd: rig.repo, dataDir: rig.places.dataDir, log: captureLog().log, env: rig.env })
    cleanups.push(() => host.dispose())
    const waiter = createConditionWaiter()
    const unsubscribe = host.events.subscribe((name) => (name === 'tasks.changed' || name === 'panes.changed') && waiter.notify())
    cleanups.push(unsubscribe)
    const taskWhere = async (taskId: string, holds: (task: Task) => boolean): Promise<Task> => {
      const find = (): Task | undefined => host.tasks.list().find((task) => task.id === taskId)
      await waiter.until(() => holds(find() as Task))
      return find() as Task
    }
    rig.api.enqueue({ text: REPLIES.plan }, { text: REPLIES.build }, { text: REPLIES.test })

    const created = await call(host, 'tasks.create', taskInput(rig))
    const started = await call(host, 'tasks.start', { taskId: created.id, cols: 110, rows: 34 })
    const worktree = started.worktree ?? ''
    expect(started).toMatchObject({ state: 'running', stage: 'plan', stageModel: 'opus', branch: 'tessera/teach-the-parser-about-unicode-escapes', baseCommit: rig.base })
    expect(git(worktree, 'rev-parse', 'HEAD')).toBe(rig.base)
    const pane = host.panes.list().find((info) => info.id === started.paneId)
    expect(pane).toMatchObject({ kind: 'claude', cwd: worktree, agent: { model: 'opus' }, task: { id: created.id, title: TITLE, stage: 'plan' } })

    const afterPlan = await taskWhere(created.id, (task) => task.state === 'waiting')
    expect(afterPlan.runs).toEqual([expect.objectContaining({ stage: 'plan', model: 'opus', outcome: 'completed', message: REPLIES.plan })])
    await call(host, 'tasks.advance', { taskId: created.id })
    const afterBuild = await taskWhere(created.id, (task) => task.state === 'waiting' && task.stage === 'build')
    expect(afterBuild.runs.map((run) => [run.stage, run.model, run.outcome])).toEqual([
      ['plan', 'opus', 'completed'],
      ['build', 'sonnet', 'completed']
    ])
    expect(host.panes.list().find((info) => info.id === started.paneId)).toMatchObject({ agent: { model: 'sonnet' }, task: { stage: 'build' } })
    await call(host, 'tasks.advance', { taskId: created.id })
    const reviewed = await taskWhere(created.id, (task) => task.state === 'review')
    expect(reviewed).toMatchObject({ stage: 'test', stageModel: 'haiku', paneId: started.paneId })

    // The fake API saw the three stages in order, each on its model, in the worktree, the later ones carrying the earlier turns.
    const plan = await stageRequest(rig.api, 'plan')
    const build = await stageRequest(rig.api, 'build')
    const test = await stageRequest(rig.api, 'test')
    const stageRequests = rig.api.mainRequests().filter((request) => [plan, build, test].includes(request))
    expect(stageRequests).toEqual([plan, build, test])
    expect([plan.model, build.model, test.model]).toEqual([
      expect.stringMatching(aliasModel(cli, 'opus')),
      expect.stringMatching(aliasModel(cli, 'sonnet')),
      expect.stringMatching(aliasModel(cli, 'haiku'))
    ])
    for (const request of [plan, build, test]) {
      expect(workingDirectory(request)).toBe(worktree)
      expect(JSON.stringify(request.messages)).toContain(`Task: ${TITLE}`)
    }
    const buildHistory = JSON.stringify(build.messages)
    expect(buildHistory).toContain('Stage: plan.')
    expect(buildHistory).toContain(REPLIES.plan)
    const testHistory = JSON.stringify(test.messages)
    for (const earlier of ['Stage: plan.', REPLIES.plan, 'Stage: build.', REPLIES.build]) expect(testHistory).toContain(earlier)
    // One conversation: the same session throughout.
    expect(new Set([plan.sessionId, build.sessionId, test.sessionId]).size).toBe(1)

    // Cost per stage: each stage's tokens are exactly what the fake API handed out for its turn, on the model it ran.
    const expected = { plan: tokensOf(plan), build: tokensOf(build), test: tokensOf(test) }
    const total = Object.values(expected).reduce((sum, tokens) => sum + sumOf(tokens), 0)
    await taskWhere(created.id, (task) => task.cost !== undefined && sumOf(task.cost.tokens) === total)
    const { stageCosts } = await call(host, 'tasks.get', { taskId: created.id })
    expect(stageCosts.map((cost) => ({ stage: cost.stage, model: cost.model, tokens: cost.tokens, billed: cost.models.map((usage) => usage.model) }))).toEqual([
      { stage: 'plan', model: 'opus', tokens: expected.plan, billed: [plan.model] },
      { stage: 'build', model: 'sonnet', tokens: expected.build, billed: [build.model] },
      { stage: 'test', model: 'haiku', tokens: expected.test, billed: [test.model] }
    ])

    await call(host, 'tasks.complete', { taskId: created.id })
    expect(host.tasks.list()[0]).toMatchObject({ state: 'done' })
  })

  it('comes back after its host is SIGKILLed mid-stage: same stage, pane and worktree, the conversation resumed', { timeout: 180_000 }, async () => {
    const rig = await startRig(cli)
    const startHost = async (): Promise<{ serve: ServeProcess; bridge: BridgeClient }> => {
      const serve = await startServe(['--cwd', rig.repo], rig.env, rig.places)
      cleanups.push(() => serve.stop())
      const bridge = await BridgeClient.connect(serve)
      cleanups.push(() => bridge.close())
      return { serve, bridge }
    }
    const first = await startHost()
    const changes = createConditionWaiter()
    let latest: Task[] = []
    first.bridge.on('tasks.changed', ({ tasks }) => ((latest = tasks), changes.notify()))
    // The plan answers; the build request hangs, so the host dies mid-stage.
    rig.api.enqueue({ text: REPLIES.plan }, { stall: true })
    const created = await first.bridge.call('tasks.create', { ...taskInput(rig), autoAdvance: true })
    const started = await first.bridge.call('tasks.start', { taskId: created.id })
    await stageRequest(rig.api, 'build')
    await changes.until(() => latest.some((task) => task.id === created.id && task.stage === 'build' && task.state === 'running'))
    // On disk before the kill (the state store writes within ~100 ms of a change).
    await untilSaved(async () => {
      const saved = readSavedTasks(rig.places.dataDir).find((task) => task.id === created.id)
      return saved?.stage === 'build' && saved.state === 'running' ? undefined : 'the build stage running in tasks.json'
    }, 15_000)
    await first.serve.stop('SIGKILL')

    const second = await startHost()
    const back = await waitForTask(second.bridge, created.id, (task) => task.state === 'waiting')
    expect(back).toMatchObject({ stage: 'build', stageModel: 'sonnet', paneId: started.paneId, worktree: started.worktree, branch: started.branch })
    expect(back.runs.map((run) => [run.stage, run.outcome])).toEqual([
      ['plan', 'completed'],
      ['build', 'interrupted']
    ])
    expect(git(started.worktree ?? '', 'branch', '--show-current')).toBe(started.branch)
    const panes = await second.bridge.call('pane.list', {})
    expect(panes.find((pane) => pane.id === started.paneId)).toMatchObject({ cwd: started.worktree, agent: { model: 'sonnet' }, task: { id: created.id, stage: 'build' } })

    // Advance runs the cut-off stage again, in the resumed conversation.
    const before = rig.api.mainRequests().length
    rig.api.enqueue({ text: REPLIES.build }, { text: REPLIES.test })
    await second.bridge.call('tasks.advance', { taskId: created.id })
    const isRetry = (request: RecordedRequest): boolean => request.kind === 'main' && rig.api.mainRequests().indexOf(request) >= before && JSON.stringify(request.messages).includes('Stage: build.')
    const retried = await rig.api.waitForRequest(isRetry, WAIT_MS)
    expect(retried.model).toMatch(aliasModel(cli, 'sonnet'))
    expect(workingDirectory(retried)).toBe(started.worktree)
    expect(JSON.stringify(retried.messages)).toContain(REPLIES.plan)
    const reviewed = await waitForTask(second.bridge, created.id, (task) => task.state === 'review')
    expect(reviewed.runs.map((run) => [run.stage, run.outcome])).toEqual([
      ['plan', 'completed'],
      ['build', 'interrupted'],
      ['build', 'completed'],
      ['test', 'completed']
    ])
  })
})

interface SavedTask {
  id: string
  state: string
  stage?: string
}

function readSavedTasks(dataDir: string): SavedTask[] {
  try {
    return (JSON.parse(readFileSync(join(dataDir, 'state', 'tasks.json'), 'utf8')) as { data: { tasks: SavedTask[] } }).data.tasks
  } catch {
    return []
  }
}

/** The task once `holds` is true, following tasks.changed (and the list as it is now). */
async function waitForTask(bridge: BridgeClient, taskId: string, holds: (task: Task) => boolean): Promise<Task> {
  const waiter = createConditionWaiter()
  let tasks = await bridge.call('tasks.list', {})
  const unsubscribe = bridge.on('tasks.changed', (payload) => ((tasks = payload.tasks), waiter.notify()))
  tasks = await bridge.call('tasks.list', {})
  waiter.notify()
  const find = (): Task | undefined => tasks.find((task) => task.id === taskId)
  await waiter.until(() => {
    const task = find()
    return task !== undefined && holds(task)
  })
  unsubscribe()
  return find() as Task
}
