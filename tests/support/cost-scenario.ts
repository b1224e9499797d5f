import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, type Host } from '../../src/main/host'
import type { PaneInfo } from '../../src/shared/bridge'
import type { TokenCounts } from '../../src/shared/costs'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from './claude-harness.ts'
import { claudeFirstOnPath, type ClaudeCli } from './claude-versions.ts'
import { createConditionWaiter } from './condition-waiter.ts'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest, type ReplyStep, type ReplyUsage, type UsageOverride } from './fake-anthropic.ts'
import { HostScreens } from './host-screens.ts'
import { captureLog } from './log-capture.ts'

// The costs tests' conversation with the real Claude Code CLI: a Bash tool turn, a turn with a
// subagent (on another model), /clear, and one more turn, each API response with its own usage
// numbers, so a count can be checked against exactly what the fake API handed out.

const WAIT_MS = 30_000

/** The scripted responses, in the order the conversation asks for them. */
export type StepName = 'tool' | 'afterTool' | 'spawn' | 'subagent' | 'afterSpawn' | 'notified' | 'fresh'

interface Usage5 {
  input: number
  output: number
  cacheRead: number
  cacheWrite5m: number
  cacheWrite1h: number
}

/**
 * Each class of each response has its own digits (input 1_10x, output 21x, reads 12_30x, 5-minute
 * writes 2_40x, 1-hour writes 50x), so a token counted twice, dropped or put in the wrong class
 * shows. The input figure names the step (1_101 is 'tool'…).
 */
export const STEP_USAGE: Readonly<Record<StepName, Usage5>> = {
  tool: { input: 1_101, output: 211, cacheRead: 12_301, cacheWrite5m: 2_401, cacheWrite1h: 501 },
  afterTool: { input: 1_102, output: 212, cacheRead: 12_302, cacheWrite5m: 2_402, cacheWrite1h: 0 },
  spawn: { input: 1_103, output: 213, cacheRead: 12_303, cacheWrite5m: 2_403, cacheWrite1h: 503 },
  subagent: { input: 1_104, output: 214, cacheRead: 12_304, cacheWrite5m: 2_404, cacheWrite1h: 0 },
  afterSpawn: { input: 1_105, output: 215, cacheRead: 12_305, cacheWrite5m: 2_405, cacheWrite1h: 505 },
  notified: { input: 1_106, output: 216, cacheRead: 12_306, cacheWrite5m: 2_406, cacheWrite1h: 0 },
  fresh: { input: 1_107, output: 217, cacheRead: 12_307, cacheWrite5m: 2_407, cacheWrite1h: 507 }
}

const PROMPT_TOOL = 'please run the cost script'
const PROMPT_SPAWN = 'please ask a helper agent to count the files'
const PROMPT_FRESH = 'hello after the clear'
const SUBAGENT_PROMPT = 'Count the files in this folder for the cost scenario.'
const BASH_ID = 'toolu_cost_bash_1'
const SPAWN_ID = 'toolu_cost_agent_1'
export const REPLY = {
  afterTool: 'The cost script printed 42.',
  subagent: 'Subagent: 3 files here.',
  afterSpawn: 'The helper is on it.',
  notified: 'The helper counted 3 files.',
  fresh: 'Fresh session, fresh figures.'
} as const

export interface CostRig {
  cli: ClaudeCli
  host: Host
  api: FakeAnthropic
  screens: HostScreens
  /** CLAUDE_CONFIG_DIR of the panes: the transcripts are under its projects/ folder. */
  configDir: string
  cwd: string
}

type Cleanups = Array<() => Promise<unknown> | unknown>

/** A host running `cli` against a fresh fake API, its panes in a fresh config dir. */
export async function startCostRig(cli: ClaudeCli, cleanups: Cleanups): Promise<CostRig> {
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-costs-cwd-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'))
  const dir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  // Last (cleanups run in reverse), once the host and its panes are gone.
  cleanups.push(() => [cwd, dataDir, dir].forEach((path) => rmSync(path, { recursive: true, force: true })))
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, dir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir, log: captureLog().log, env: onPath.env })
  const screens = new HostScreens(host)
  cleanups.push(() => host.dispose(), () => screens.dispose())
  return { cli, host, api, screens, configDir: dir, cwd }
}

/** One scripted response the CLI got: which step, on which model, with which message id and usage. */
export interface Response {
  step: StepName
  model: string
  sessionId: string | undefined
  messageId: string
  usage: ReplyUsage
}

export interface ScenarioRun {
  paneId: string
  /** The session before /clear and the one after. */
  sessions: [string, string]
  /** The subagent ran in the background (Claude Code 2.1.33x): its result came as a notification. */
  asyncAgent: boolean
  /** That notification was a turn of its own (one more response, 'notified'). */
  notificationTurn: boolean
  /** The tool name the CLI offers for subagents (Agent or Task). */
  agentTool: string
  mainModel: string
  subagentModel: string
  /** Every main response, in order; auxiliary ones (session titles) apart. */
  responses: Response[]
  auxiliary: RecordedRequest[]
}

/** Runs the conversation in a new haiku pane (Bash allowed, so it runs without a prompt). */
export async function runCostScenario(rig: CostRig): Promise<ScenarioRun> {
  const created = await rig.host.dispatcher.dispatch(
    'pane.create',
    { kind: 'claude', model: 'haiku', config: { permissionMode: 'manual', allowedTools: ['Bash'] }, cols: 110, rows: 36 },
    'test'
  )
  if (!created.ok) throw new Error(created.error.message)
  const paneId = (created.value as PaneInfo).id
  const first = await paneWhere(rig, paneId, (pane) => pane.status?.state === 'idle' && pane.agent?.sessionId !== undefined, 'an idle pane with its session')
  await idle(rig, paneId)
  const firstSession = first.agent?.sessionId as string

  // Turn 1: text + a Bash tool_use the CLI runs, then the answer.
  rig.api.enqueue(
    { text: 'Running it.', toolUse: { id: BASH_ID, name: 'Bash', input: { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' } }, ...step('tool', saysLast(PROMPT_TOOL)) },
    { text: REPLY.afterTool, ...step('afterTool', answersTool(BASH_ID)) }
  )
  await submit(rig, paneId, PROMPT_TOOL)
  const afterTool = await requested(rig, paneId, answersTool(BASH_ID))
  if (!sinceLastAssistant(afterTool).includes('42')) throw new Error(`Bash did not run: ${sinceLastAssistant(afterTool)}`)
  await shown(rig, paneId, REPLY.afterTool)

  // Turn 2: a subagent on another model. Each step names the request it answers: a background
  // subagent's request races its parent's next one.
  const agentTool = agentToolOf(afterTool)
  const spawn = { description: 'Count files', prompt: SUBAGENT_PROMPT, subagent_type: 'general-purpose', model: 'sonnet' }
  rig.api.enqueue(
    { toolUse: { id: SPAWN_ID, name: agentTool, input: spawn }, ...step('spawn', saysLast(PROMPT_SPAWN)) },
    { text: REPLY.subagent, ...step('subagent', isSubagent) },
    { text: REPLY.afterSpawn, ...step('afterSpawn', answersTool(SPAWN_ID)) },
    { text: REPLY.notified, ...step('notified', (request) => !isSubagent(request) && !answersTool(SPAWN_ID)(request) && notifies(request)) }
  )
  await submit(rig, paneId, PROMPT_SPAWN)
  await requested(rig, paneId, isSubagent)
  const afterSpawn = await requested(rig, paneId, answersTool(SPAWN_ID))
  // In the foreground the tool result is the subagent's answer; in the background, a notice that
  // it started, and its answer comes later as a notification: a turn of its own, unless it was
  // already there when the parent's next request left.
  const asyncAgent = !toolResult(afterSpawn, SPAWN_ID).includes(REPLY.subagent)
  const notificationTurn = asyncAgent && !notifies(afterSpawn)
  await shown(rig, paneId, notificationTurn ? REPLY.notified : REPLY.afterSpawn)

  // /clear starts a new session in the same pane; one more turn there.
  await submit(rig, paneId, '/clear')
  const cleared = await paneWhere(rig, paneId, (pane) => pane.agent?.sessionId !== undefined && pane.agent.sessionId !== firstSession, 'a new session after /clear')
  await idle(rig, paneId)
  rig.api.enqueue({ text: REPLY.fresh, ...step('fresh', saysLast(PROMPT_FRESH)) })
  await submit(rig, paneId, PROMPT_FRESH)
  await shown(rig, paneId, REPLY.fresh)

  const responses = rig.api.requests.filter((request) => request.kind === 'main').map(responseOf)
  const model = (name: StepName): string => responses.find((response) => response.step === name)?.model ?? '?'
  return {
    paneId,
    sessions: [firstSession, cleared.agent?.sessionId as string],
    asyncAgent,
    notificationTurn,
    agentTool,
    mainModel: model('tool'),
    subagentModel: model('subagent'),
    responses,
    auxiliary: rig.api.requests.filter((request) => request.kind === 'auxiliary' && request.path === '/v1/messages')
  }
}

/** The steps a run hands out: 'notified' only where a background subagent's result came as a turn of its own. */
export function expectedSteps(run: Pick<ScenarioRun, 'notificationTurn'>): StepName[] {
  return ['tool', 'afterTool', 'spawn', 'subagent', 'afterSpawn', ...(run.notificationTurn ? (['notified'] as const) : []), 'fresh']
}

/** A step's usage for the fake API, and the request it answers. */
function step(name: StepName, match: (request: RecordedRequest) => boolean): Pick<ReplyStep, 'usage' | 'match'> {
  const usage = STEP_USAGE[name]
  const override: UsageOverride = {
    input_tokens: usage.input,
    output_tokens: usage.output,
    cache_read_input_tokens: usage.cacheRead,
    cache_creation_input_tokens: usage.cacheWrite5m + usage.cacheWrite1h,
    ephemeral_1h_input_tokens: usage.cacheWrite1h
  }
  return { usage: override, match }
}

/** Which step a response was, from its input figure (each step has its own). */
function responseOf(request: RecordedRequest): Response {
  const reply = request.reply
  if (!reply) throw new Error(`A main request got no message: ${request.model ?? '?'} ${request.sessionId ?? '?'}`)
  const name = (Object.keys(STEP_USAGE) as StepName[]).find((key) => STEP_USAGE[key].input === reply.usage.input_tokens)
  if (!name) throw new Error(`A main request got the fake's default reply, not a scripted one: ${sinceLastAssistant(request).slice(0, 400)}`)
  return { step: name, model: request.model ?? '?', sessionId: request.sessionId, messageId: reply.messageId, usage: reply.usage }
}

/** Token counts as Tessera keeps them, from a reply's usage. */
export function tokensOfReply(usage: ReplyUsage): TokenCounts {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite5m: usage.cache_creation.ephemeral_5m_input_tokens,
    cacheWrite1h: usage.cache_creation.ephemeral_1h_input_tokens,
    cacheRead: usage.cache_read_input_tokens
  }
}

/** The sum of what the fake API handed out to the run's main requests. */
export function handedOutTokens(run: ScenarioRun): TokenCounts {
  const sum: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
  for (const response of run.responses) {
    const tokens = tokensOfReply(response.usage)
    for (const key of Object.keys(sum) as Array<keyof TokenCounts>) sum[key] += tokens[key]
  }
  return sum
}

/**
 * The pane's info once its cost counts exactly what the API handed out. The CLI may write a
 * transcript line after the reply is on screen: only then is the transcript complete.
 */
export function paneCounted(rig: CostRig, run: ScenarioRun): Promise<PaneInfo> {
  const expected = handedOutTokens(run)
  const equal = (tokens: TokenCounts | undefined): boolean => tokens !== undefined && (Object.keys(expected) as Array<keyof TokenCounts>).every((key) => tokens[key] === expected[key])
  return paneWhere(rig, run.paneId, (pane) => equal(pane.cost?.tokens), `pane cost of ${JSON.stringify(expected)} (every handed-out token)`)
}

/** The request's messages after the last assistant turn (2.1.33x adds a `system` message after the user's). */
function sinceLastAssistant(request: RecordedRequest): string {
  const messages = request.messages as Array<{ role?: string }>
  const last = messages.map((message) => message.role).lastIndexOf('assistant')
  return JSON.stringify(messages.slice(last + 1))
}

/** The text of the request's tool_result for this tool use ('' when it has none). */
function toolResult(request: RecordedRequest, toolUseId: string): string {
  for (const message of request.messages as Array<{ content?: unknown }>) {
    if (!Array.isArray(message.content)) continue
    const block = (message.content as Array<{ type?: string; tool_use_id?: string }>).find((item) => item.type === 'tool_result' && item.tool_use_id === toolUseId)
    if (block) return JSON.stringify(block)
  }
  return ''
}

/** A background task's completion notice is among the request's new messages. */
const notifies = (request: RecordedRequest): boolean => sinceLastAssistant(request).includes('<task-notification>')

const saysLast =
  (text: string) =>
  (request: RecordedRequest): boolean =>
    !isSubagent(request) && sinceLastAssistant(request).includes(text)

const answersTool =
  (toolUseId: string) =>
  (request: RecordedRequest): boolean =>
    !isSubagent(request) && sinceLastAssistant(request).includes(`"tool_use_id":"${toolUseId}"`)

/** The subagent's conversation starts with the prompt its parent gave it. */
function isSubagent(request: RecordedRequest): boolean {
  return JSON.stringify(request.messages[0] ?? null).includes(SUBAGENT_PROMPT)
}

/** Agent (2.1.197 and 2.1.332) or Task (older names), as the request's tool list offers it. */
function agentToolOf(request: RecordedRequest): string {
  const names = (request.tools ?? []).map((tool) => (tool as { name?: string }).name)
  const name = ['Agent', 'Task'].find((candidate) => names.includes(candidate))
  if (!name) throw new Error(`No subagent tool offered: ${names.join(', ')}`)
  return name
}

/** The first request matching, or an error showing the pane's screen (a dialog, say). */
async function requested(rig: CostRig, paneId: string, predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
  try {
    return await rig.api.waitForRequest(predicate, WAIT_MS)
  } catch (error) {
    throw new Error(`${String(error)}\nScreen:\n${rig.screens.screen(paneId).dump()}`)
  }
}

const submit = (rig: CostRig, paneId: string, text: string): Promise<void> =>
  submitPrompt(rig.screens.screen(paneId), (data) => rig.host.panes.write(paneId, data), text)

async function shown(rig: CostRig, paneId: string, text: string): Promise<void> {
  await rig.screens.screen(paneId).waitForText(text, WAIT_MS)
  await idle(rig, paneId)
}

const idle = (rig: CostRig, paneId: string): Promise<void> => rig.screens.screen(paneId).waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')

/** The pane's info once `match` holds, following panes.changed; fails after WAIT_MS naming what it saw last. */
export async function paneWhere(rig: CostRig, paneId: string, match: (pane: PaneInfo) => boolean, what: string, timeoutMs = WAIT_MS): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const unsubscribe = rig.host.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  const current = (): PaneInfo | undefined => rig.host.panes.list().find((pane) => pane.id === paneId)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No ${what} within ${timeoutMs} ms; last: ${JSON.stringify(current())}`)), timeoutMs)
  })
  try {
    await Promise.race([waiter.until(() => match(current() ?? ({} as PaneInfo))), timeout])
    return current() as PaneInfo
  } finally {
    clearTimeout(timer)
    unsubscribe()
  }
}

/** Every transcript (`*.jsonl`) under the config dir's projects folder. */
export function transcriptFiles(configDir: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.jsonl') ? [path] : []
    })
  return walk(join(configDir, 'projects'))
}

/** message.id of every assistant line in these transcripts. */
export function transcriptMessageIds(files: string[]): Set<string> {
  const ids = new Set<string>()
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const data = JSON.parse(line) as { type?: string; message?: { id?: string } }
      if (data.type === 'assistant' && data.message?.id) ids.add(data.message.id)
    }
  }
  return ids
}
