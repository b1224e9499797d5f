import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'

/**
 * A scripted stand-in for the Anthropic Messages API, good enough for the real
 * Claude Code CLI (see /work/shared/claude-code-facts.md). Each test queues the
 * replies its "main" requests get; the CLI's auxiliary requests (session-title
 * generation) get canned answers so they never eat a scripted step.
 */

export interface Usage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
}

export interface ToolUseSpec {
  name: string
  input: Record<string, unknown>
  /** Defaults to toolu_<random>. */
  id?: string
}

interface StepTiming {
  /** Wait this long after the request arrives before answering. */
  delayMs?: number
  /**
   * Only a main request this holds for takes the step (say, a subagent's, which races its
   * parent's); a request it does not hold for takes the next step that fits, or the default reply.
   */
  match?: (request: RecordedRequest) => boolean
}

/** Usage numbers a step sets; cache writes are 5-minute ones unless `ephemeral_1h_input_tokens` says how many of them last an hour. */
export interface UsageOverride extends Partial<Usage> {
  /** Of cache_creation_input_tokens, this many are 1-hour writes (cache_creation.ephemeral_1h_input_tokens); 0 by default. */
  ephemeral_1h_input_tokens?: number
}

/** The usage a reply carried, split of cache writes included. */
export type ReplyUsage = Usage & { cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number } }

/** A reply: optional text, then optional tool_use blocks (stop_reason tool_use). */
export interface ReplyStep extends StepTiming {
  text?: string
  toolUse?: ToolUseSpec | ToolUseSpec[]
  /** Overrides the computed usage numbers. */
  usage?: UsageOverride
}

/** Sends the headers (and message_start when streaming), then nothing until close(). */
export interface StallStep extends StepTiming {
  stall: true
}

/** An HTTP error with the real API's JSON body `{type:'error', error:{type, message}}`. */
export interface ErrorStep extends StepTiming {
  error: { status: number; type: string; message: string; headers?: Record<string, string> }
}

export type ScriptStep = ReplyStep | StallStep | ErrorStep

export type RequestKind = 'main' | 'auxiliary'

export interface RecordedRequest {
  method: string
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string
  /** Query string including `?`, or ''. */
  query: string
  model: string | undefined
  stream: boolean
  messages: unknown[]
  system: unknown
  tools?: unknown[]
  maxTokens: number | undefined
  /** The parsed JSON body (undefined for bodiless requests). */
  body: unknown
  /** Lower-cased header names, as node gives them. */
  headers: Record<string, string>
  sessionId: string | undefined
  kind: RequestKind
  at: number
  /** The message the fake answered with (set once it is sent; not for errors and stalls). */
  reply?: { messageId: string; usage: ReplyUsage }
}

export interface FakeAnthropicOptions {
  /** Reply text when the script queue is empty. */
  defaultText?: string
  /** Replaces the built-in main/auxiliary rule (see classifyRequest). */
  classify?: (body: Record<string, unknown>) => RequestKind
}

export interface FakeAnthropic {
  url: string
  requests: RecordedRequest[]
  mainRequests(): RecordedRequest[]
  enqueue(...steps: ScriptStep[]): void
  /** Steps not yet consumed by a main request. */
  remainingSteps(): number
  /** Resolves with the first recorded request (past or future) matching predicate. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>
  close(): Promise<void>
}

export const DEFAULT_REPLY_TEXT = 'OK from the fake API.'
const AUXILIARY_TITLE = 'Fake session title'

const MAIN_SYSTEM_PROMPT_MIN_CHARS = 8_000

/**
 * Main vs auxiliary. Observed in 2.1.197: main turns carry the agent's ~25 KB
 * system prompt and (unless `--tools ""`) the tool list; the title request has
 * `tools: []`, a ~2 KB system prompt and a JSON-schema `output_config.format`.
 * Max tokens and model do not differ. So: tools offered → main; otherwise
 * structured output or a short system prompt → auxiliary.
 */
export function classifyRequest(body: Record<string, unknown>): RequestKind {
  const tools = body['tools']
  if (Array.isArray(tools) && tools.length > 0) return 'main'
  if (structuredOutputSchema(body) !== undefined) return 'auxiliary'
  return systemText(body['system']).length >= MAIN_SYSTEM_PROMPT_MIN_CHARS ? 'main' : 'auxiliary'
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system
  if (!Array.isArray(system)) return ''
  return system.map((block) => (isRecord(block) && typeof block['text'] === 'string' ? block['text'] : '')).join('\n')
}

function structuredOutputSchema(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const config = body['output_config']
  const format = isRecord(config) ? config['format'] : undefined
  const schema = isRecord(format) ? format['schema'] : undefined
  return isRecord(schema) ? schema : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const state = new FakeState(options)
  const server = createServer((req, res) => {
    // A client that hangs up mid-body must not become an unhandled rejection.
    state.handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return state.api(`http://127.0.0.1:${port}`, server)
}

interface Waiter {
  predicate: (request: RecordedRequest) => boolean
  resolve: (request: RecordedRequest) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

class FakeState {
  readonly requests: RecordedRequest[] = []
  private readonly queue: ScriptStep[] = []
  private readonly waiters = new Set<Waiter>()
  private readonly timers = new Set<NodeJS.Timeout>()
  /** Prompt size of the previous main request per session, to fake cache reads. */
  private readonly promptTokensBySession = new Map<string, number>()
  private closed = false

  constructor(private readonly options: FakeAnthropicOptions) {}

  api(url: string, server: Server): FakeAnthropic {
    return {
      url,
      requests: this.requests,
      mainRequests: () => this.requests.filter((r) => r.kind === 'main'),
      enqueue: (...steps) => {
        steps.forEach(checkStep)
        this.queue.push(...steps)
      },
      remainingSteps: () => this.queue.length,
      waitForRequest: (predicate, timeoutMs = 10_000) => this.waitForRequest(predicate, timeoutMs),
      close: () => this.close(server)
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('request-id', randomId('req'))
    const raw = await readBody(req)
    const { path, query } = splitUrl(req.url ?? '/')
    const parsed = parseJson(raw)
    const body = isRecord(parsed) ? parsed : {}
    const isMessages = req.method === 'POST' && path === '/v1/messages'
    const kind = isMessages ? (this.options.classify ?? classifyRequest)(body) : 'auxiliary'
    const record = recordOf(req, path, query, parsed, body, kind)
    this.record(record)
    if (raw !== '' && parsed === undefined) sendError(res, 400, 'invalid_request_error', 'Body is not JSON')
    else if (req.method === 'HEAD' || (req.method === 'GET' && path === '/')) res.writeHead(200).end()
    else if (req.method === 'POST' && path === '/v1/messages/count_tokens') sendJson(res, 200, { input_tokens: estimateTokens(body) })
    else if (isMessages) await this.reply(res, record, body)
    else sendError(res, 404, 'not_found_error', `No route for ${req.method ?? '?'} ${path}`)
  }

  private async reply(res: ServerResponse, record: RecordedRequest, body: Record<string, unknown>): Promise<void> {
    const step = record.kind === 'main' ? this.nextStep(record) : auxiliaryReply(body)
    await this.delay(step.delayMs ?? 0)
    if (this.closed || res.destroyed) return
    if ('error' in step) sendError(res, step.error.status, step.error.type, step.error.message, step.error.headers)
    else if ('stall' in step) startStall(res, record.model ?? 'claude-unknown', record.stream)
    else this.sendMessage(res, record, body, step)
  }

  private nextStep(record: RecordedRequest): ScriptStep {
    const index = this.queue.findIndex((step) => step.match === undefined || step.match(record))
    const [step] = index === -1 ? [] : this.queue.splice(index, 1)
    return step ?? { text: this.options.defaultText ?? DEFAULT_REPLY_TEXT }
  }

  private sendMessage(res: ServerResponse, record: RecordedRequest, body: Record<string, unknown>, step: ReplyStep): void {
    const content = contentBlocks(step)
    const { ephemeral_1h_input_tokens: oneHour = 0, ...numbers } = step.usage ?? {}
    const usage = { ...this.usageFor(record, body, content), ...numbers }
    const message = messageOf(record.model ?? 'claude-unknown', content, usage, oneHour)
    record.reply = { messageId: message.id, usage: message.usage }
    if (record.stream) writeStream(res, message)
    else sendJson(res, 200, message)
  }

  /** Realistic-looking numbers: ~4 chars a token; cached prefix = previous prompt of the session. */
  private usageFor(record: RecordedRequest, body: Record<string, unknown>, content: ContentBlock[]): Usage {
    const prompt = estimateTokens(body)
    const output = Math.max(1, Math.ceil(JSON.stringify(content).length / 4))
    const cached = JSON.stringify(body).includes('"cache_control"')
    if (!cached || record.kind !== 'main') return { input_tokens: prompt, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
    const sessionKey = record.sessionId ?? ''
    const read = Math.min(this.promptTokensBySession.get(sessionKey) ?? 0, prompt)
    this.promptTokensBySession.set(sessionKey, prompt)
    const uncached = Math.min(prompt - read, 3)
    return { input_tokens: uncached, output_tokens: output, cache_creation_input_tokens: prompt - read - uncached, cache_read_input_tokens: read }
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request)
    for (const waiter of this.waiters) {
      if (!waiter.predicate(request)) continue
      this.waiters.delete(waiter)
      clearTimeout(waiter.timer)
      waiter.resolve(request)
    }
  }

  private waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new Error(`No matching request within ${timeoutMs} ms; saw: ${this.describeRequests()}`))
      }, timeoutMs)
      const waiter: Waiter = { predicate, resolve, reject, timer }
      this.waiters.add(waiter)
    })
  }

  private describeRequests(): string {
    if (this.requests.length === 0) return '(none)'
    return this.requests.map((r) => `${r.method} ${r.path}${r.query} ${r.kind} ${r.model ?? ''}`).join('; ')
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.add(timer)
    })
  }

  private async close(server: Server): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(new Error('Fake Anthropic server closed'))
    }
    this.waiters.clear()
    // Stalled and keep-alive connections would otherwise hold close() forever.
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
    server.closeAllConnections()
    await closed
  }
}

/** A step's 1-hour cache writes are part of the cache writes it sets, never more. */
function checkStep(step: ScriptStep): void {
  const usage = 'usage' in step ? step.usage : undefined
  const oneHour = usage?.ephemeral_1h_input_tokens
  if (oneHour === undefined) return
  const all = usage?.cache_creation_input_tokens
  if (all === undefined || oneHour > all) throw new Error(`A step's ${oneHour} 1-hour cache writes need cache_creation_input_tokens of at least that (got ${all})`)
}

function recordOf(
  req: IncomingMessage,
  path: string,
  query: string,
  parsed: unknown,
  body: Record<string, unknown>,
  kind: RequestKind
): RecordedRequest {
  const headers = flattenHeaders(req)
  const tools = body['tools']
  return {
    method: req.method ?? 'GET',
    path,
    query,
    model: typeof body['model'] === 'string' ? body['model'] : undefined,
    stream: body['stream'] === true,
    messages: Array.isArray(body['messages']) ? body['messages'] : [],
    system: body['system'],
    ...(Array.isArray(tools) ? { tools } : {}),
    maxTokens: typeof body['max_tokens'] === 'number' ? body['max_tokens'] : undefined,
    body: parsed,
    headers,
    sessionId: headers['x-claude-code-session-id'],
    kind,
    at: Date.now()
  }
}

function splitUrl(url: string): { path: string; query: string } {
  const at = url.indexOf('?')
  return at === -1 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at) }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
  })
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}

function estimateTokens(body: Record<string, unknown>): number {
  const prompt = JSON.stringify([body['system'] ?? null, body['messages'] ?? null, body['tools'] ?? null])
  return Math.max(1, Math.ceil(prompt.length / 4))
}

/** Canned answer for auxiliary requests; fills a JSON schema if one is asked for. */
function auxiliaryReply(body: Record<string, unknown>): ReplyStep {
  const schema = structuredOutputSchema(body)
  if (schema === undefined) return { text: AUXILIARY_TITLE }
  return { text: JSON.stringify(sampleForSchema(schema)) }
}

function sampleForSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {}
  const sample: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(properties)) {
    const type = isRecord(property) ? property['type'] : undefined
    sample[name] = type === 'boolean' ? false : type === 'number' || type === 'integer' ? 0 : type === 'array' ? [] : name === 'title' ? AUXILIARY_TITLE : 'fake'
  }
  return sample
}

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }

interface Message {
  id: string
  type: 'message'
  role: 'assistant'
  model: string
  content: ContentBlock[]
  stop_reason: 'end_turn' | 'tool_use'
  stop_sequence: null
  usage: ReplyUsage & { service_tier: 'standard' }
}

function contentBlocks(step: ReplyStep): ContentBlock[] {
  const blocks: ContentBlock[] = []
  if (step.text !== undefined) blocks.push({ type: 'text', text: step.text })
  const tools = step.toolUse === undefined ? [] : Array.isArray(step.toolUse) ? step.toolUse : [step.toolUse]
  for (const tool of tools) blocks.push({ type: 'tool_use', id: tool.id ?? randomId('toolu'), name: tool.name, input: tool.input })
  if (blocks.length === 0) blocks.push({ type: 'text', text: '' })
  return blocks
}

/** `oneHour`: how many of the cache writes are 1-hour ones (the rest are 5-minute writes). */
function messageOf(model: string, content: ContentBlock[], usage: Usage, oneHour = 0): Message {
  return {
    id: randomId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      ...usage,
      cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens - oneHour, ephemeral_1h_input_tokens: oneHour },
      service_tier: 'standard'
    }
  }
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload))
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers?: Record<string, string>): void {
  const requestId = res.getHeader('request-id')
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: typeof requestId === 'string' ? requestId : null }, headers)
}

function openStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
}

function sse(res: ServerResponse, event: string, data: Record<string, unknown>): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`)
}

function startStall(res: ServerResponse, model: string, stream: boolean): void {
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders()
    return
  }
  openStream(res)
  const zero: Usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  sse(res, 'message_start', { message: { ...messageOf(model, [], zero), stop_reason: null } })
}

/** The real API's event order; usage split between message_start and message_delta. */
function writeStream(res: ServerResponse, message: Message): void {
  openStream(res)
  const startUsage = { ...message.usage, output_tokens: 1 }
  sse(res, 'message_start', { message: { ...message, content: [], stop_reason: null, usage: startUsage } })
  message.content.forEach((block, index) => {
    writeBlock(res, block, index)
  })
  sse(res, 'message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } })
  sse(res, 'message_stop', {})
  res.end()
}

function writeBlock(res: ServerResponse, block: ContentBlock, index: number): void {
  if (block.type === 'text') {
    sse(res, 'content_block_start', { index, content_block: { type: 'text', text: '' } })
    for (const piece of splitInTwo(block.text)) sse(res, 'content_block_delta', { index, delta: { type: 'text_delta', text: piece } })
  } else {
    sse(res, 'content_block_start', { index, content_block: { ...block, input: {} } })
    for (const piece of splitInTwo(JSON.stringify(block.input))) {
      sse(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } })
    }
  }
  sse(res, 'content_block_stop', { index })
}

/** Two deltas per block, so consumers must concatenate as with the real API. */
function splitInTwo(text: string): string[] {
  const chars = Array.from(text) // code points, so no surrogate pair is cut in half
  if (chars.length < 2) return [text]
  const middle = Math.ceil(chars.length / 2)
  return [chars.slice(0, middle).join(''), chars.slice(middle).join('')]
}
