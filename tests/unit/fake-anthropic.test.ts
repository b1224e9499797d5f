import { afterEach, describe, expect, it } from 'vitest'
import { classifyRequest, DEFAULT_REPLY_TEXT, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'

const SESSION_ID = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab'

let api: FakeAnthropic | undefined

afterEach(async () => {
  await api?.close()
  api = undefined
})

async function start(): Promise<FakeAnthropic> {
  api = await startFakeAnthropic()
  return api
}

/** Shaped like the CLI's main turn: tools offered, conversation with cache_control. */
function mainBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 32000,
    stream: true,
    system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
    tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }] }],
    ...overrides
  }
}

/** Shaped like the CLI's session-title request. */
function titleBody(): Record<string, unknown> {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 32000,
    stream: true,
    system: [{ type: 'text', text: 'Generate a concise, sentence-case title (3-7 words)...' }],
    tools: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: '<session>\nhello\n</session>' }] }],
    output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } } }
  }
}

function post(server: FakeAnthropic, body: unknown, path = '/v1/messages?beta=true', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Claude-Code-Session-Id': SESSION_ID, ...headers },
    body: JSON.stringify(body)
  })
}

interface SseEvent {
  event: string
  data: Record<string, unknown>
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? ''
      const data = /^data: (.*)$/m.exec(chunk)?.[1] ?? '{}'
      return { event, data: JSON.parse(data) as Record<string, unknown> }
    })
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined
  return current
}

function deltas(events: SseEvent[], kind: 'text_delta' | 'input_json_delta'): string {
  const key = kind === 'text_delta' ? 'text' : 'partial_json'
  return events
    .filter((e) => e.event === 'content_block_delta' && field(e.data, 'delta', 'type') === kind)
    .map((e) => String(field(e.data, 'delta', key)))
    .join('')
}

describe('fake Anthropic API', () => {
  it('streams a scripted text reply as the real event sequence', async () => {
    const server = await start()
    server.enqueue({ text: 'Hello from the script ✓' })
    const res = await post(server, mainBody())
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('request-id')).toMatch(/^req_/)
    const events = parseSse(await res.text())
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop'
    ])
    expect(events.every((e) => e.data['type'] === e.event)).toBe(true)
    expect(deltas(events, 'text_delta')).toBe('Hello from the script ✓')
    const start0 = events[0]?.data
    expect(field(start0, 'message', 'id')).toMatch(/^msg_[A-Za-z0-9_-]{8,}$/)
    expect(field(start0, 'message', 'model')).toBe('claude-haiku-4-5')
    expect(field(start0, 'message', 'usage', 'input_tokens')).toEqual(expect.any(Number))
    expect(field(start0, 'message', 'usage', 'cache_creation_input_tokens')).toBeGreaterThan(0)
    const delta = events.find((e) => e.event === 'message_delta')?.data
    expect(field(delta, 'delta', 'stop_reason')).toBe('end_turn')
    expect(field(delta, 'usage', 'output_tokens')).toBeGreaterThan(0)
  })

  it('streams a tool_use block with input_json_delta and stop_reason tool_use', async () => {
    const server = await start()
    const input = { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' }
    server.enqueue({ toolUse: { name: 'Bash', input } })
    const events = parseSse(await (await post(server, mainBody())).text())
    const blockStart = events.find((e) => e.event === 'content_block_start')?.data
    expect(field(blockStart, 'content_block', 'type')).toBe('tool_use')
    expect(field(blockStart, 'content_block', 'name')).toBe('Bash')
    expect(field(blockStart, 'content_block', 'id')).toMatch(/^toolu_/)
    expect(JSON.parse(deltas(events, 'input_json_delta'))).toEqual(input)
    expect(field(events.find((e) => e.event === 'message_delta')?.data, 'delta', 'stop_reason')).toBe('tool_use')
  })

  it('answers non-streaming requests with one JSON message', async () => {
    const server = await start()
    server.enqueue({ text: 'plain json', toolUse: { name: 'Read', input: { file_path: '/tmp/x' }, id: 'toolu_fixed' } })
    const res = await post(server, mainBody({ stream: false }))
    const message = (await res.json()) as Record<string, unknown>
    expect(message['id']).toMatch(/^msg_/)
    expect(message['stop_reason']).toBe('tool_use')
    expect(message['content']).toEqual([
      { type: 'text', text: 'plain json' },
      { type: 'tool_use', id: 'toolu_fixed', name: 'Read', input: { file_path: '/tmp/x' } }
    ])
  })

  it('returns scripted errors in the API error shape, then falls back to the default reply', async () => {
    const server = await start()
    server.enqueue({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })
    const failed = await post(server, mainBody({ stream: false }))
    expect(failed.status).toBe(529)
    const errorBody = (await failed.json()) as Record<string, unknown>
    expect(errorBody['type']).toBe('error')
    expect(errorBody['error']).toEqual({ type: 'overloaded_error', message: 'Overloaded' })
    expect(errorBody['request_id']).toMatch(/^req_/)
    const next = (await (await post(server, mainBody({ stream: false }))).json()) as Record<string, unknown>
    expect(next['content']).toEqual([{ type: 'text', text: DEFAULT_REPLY_TEXT }])
    expect(server.remainingSteps()).toBe(0)
  })

  it('records model, session id, lower-cased headers and kind of every request', async () => {
    const server = await start()
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200)
    await (await post(server, mainBody({ model: 'claude-sonnet-5' }), '/v1/messages?beta=true', { 'X-Custom-Thing': 'yes' })).text()
    const counted = (await (await post(server, mainBody(), '/v1/messages/count_tokens')).json()) as Record<string, unknown>
    expect(counted['input_tokens']).toBeGreaterThan(0)
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.kind}`)).toEqual([
      'HEAD / auxiliary',
      'POST /v1/messages main',
      'POST /v1/messages/count_tokens auxiliary'
    ])
    const main = server.mainRequests()
    expect(main).toHaveLength(1)
    expect(main[0]).toMatchObject({ model: 'claude-sonnet-5', stream: true, sessionId: SESSION_ID, query: '?beta=true', maxTokens: 32000 })
    expect(main[0]?.headers['x-custom-thing']).toBe('yes')
    expect(main[0]?.tools).toHaveLength(1)
    expect(main[0]?.messages).toHaveLength(1)
  })

  it('gives auxiliary (title) requests a canned JSON answer without consuming the script', async () => {
    const server = await start()
    server.enqueue({ text: 'for the main turn' })
    const title = (await (await post(server, { ...titleBody(), stream: false })).json()) as Record<string, unknown>
    const titleText = field((title['content'] as unknown[])[0], 'text')
    const titleJson = JSON.parse(String(titleText)) as Record<string, unknown>
    expect(Object.keys(titleJson)).toEqual(['title'])
    expect(titleJson['title']).toMatch(/\w/)
    expect(server.remainingSteps()).toBe(1)
    const main = (await (await post(server, mainBody({ stream: false }))).json()) as Record<string, unknown>
    expect(main['content']).toEqual([{ type: 'text', text: 'for the main turn' }])
    expect(server.requests.filter((r) => r.path === '/v1/messages').map((r) => r.kind)).toEqual(['auxiliary', 'main'])
  })

  it('classifies a tool-less request with the long agent prompt as main (claude --tools "")', () => {
    const longPrompt = 'You are an interactive agent. '.repeat(1000)
    expect(classifyRequest(mainBody({ tools: [], system: [{ type: 'text', text: longPrompt }] }))).toBe('main')
    expect(classifyRequest(titleBody())).toBe('auxiliary')
    expect(classifyRequest({ ...titleBody(), output_config: undefined })).toBe('auxiliary')
  })

  it('reports cache reads on the second main request of a session', async () => {
    const server = await start()
    const usageOf = async (): Promise<unknown> => field(await (await post(server, mainBody({ stream: false }))).json(), 'usage')
    const first = await usageOf()
    const second = await usageOf()
    expect(field(first, 'cache_read_input_tokens')).toBe(0)
    expect(field(first, 'cache_creation_input_tokens')).toBeGreaterThan(0)
    expect(field(second, 'cache_read_input_tokens')).toBe(field(first, 'cache_creation_input_tokens') as number + (field(first, 'input_tokens') as number))
  })

  it('splits a step\'s cache writes into 1-hour and 5-minute ones and records what it handed out', async () => {
    const server = await start()
    const usage = { input_tokens: 11, output_tokens: 22, cache_read_input_tokens: 33, cache_creation_input_tokens: 44, ephemeral_1h_input_tokens: 40 }
    server.enqueue({ text: 'split', usage })
    const reply = (await (await post(server, mainBody({ stream: false }))).json()) as Record<string, unknown>
    expect(field(reply, 'usage')).toMatchObject({ input_tokens: 11, cache_creation_input_tokens: 44, cache_creation: { ephemeral_5m_input_tokens: 4, ephemeral_1h_input_tokens: 40 } })
    expect(field(reply, 'usage', 'ephemeral_1h_input_tokens')).toBeUndefined()
    expect(server.mainRequests()[0]?.reply).toEqual({ messageId: field(reply, 'id'), usage: field(reply, 'usage') })
    expect(() => server.enqueue({ usage: { cache_creation_input_tokens: 5, ephemeral_1h_input_tokens: 6 } })).toThrow(/1-hour/)
  })

  it('gives a step with match only to a request it matches; others take the next step or the default', async () => {
    const server = await start()
    server.enqueue({ text: 'for model-b', match: (request) => request.model === 'model-b' }, { text: 'for anyone' })
    const textOf = async (model: string): Promise<unknown> => field(await (await post(server, mainBody({ model, stream: false }))).json(), 'content', '0', 'text')
    expect(await textOf('model-a')).toBe('for anyone')
    expect(await textOf('model-a')).toBe(DEFAULT_REPLY_TEXT)
    expect(await textOf('model-b')).toBe('for model-b')
  })

  it('waits delayMs before answering', async () => {
    const server = await start()
    server.enqueue({ text: 'late', delayMs: 300 })
    const started = Date.now()
    await (await post(server, mainBody())).text()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('keeps a stalled stream open after message_start until close()', async () => {
    const server = await start()
    server.enqueue({ stall: true })
    const res = await post(server, mainBody())
    const reader = res.body?.getReader()
    if (reader === undefined) throw new Error('stalled response has no body')
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value as Uint8Array)).toContain('event: message_start')
    let settled = false
    const rest = reader.read().finally(() => (settled = true))
    // Another full round trip proves the server is live while the stall stays open.
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200)
    expect(settled).toBe(false)
    await server.close()
    await rest.then(
      (chunk) => {
        expect(chunk.done).toBe(true)
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(Error)
      }
    )
    expect(settled).toBe(true)
  })

  it('waitForRequest sees past and future requests and times out with what it saw', async () => {
    const server = await start()
    await (await post(server, mainBody({ model: 'model-a' }))).text()
    await expect(server.waitForRequest((r) => r.model === 'model-a', 100)).resolves.toMatchObject({ model: 'model-a' })
    const future = server.waitForRequest((r) => r.model === 'model-b', 2_000)
    await (await post(server, mainBody({ model: 'model-b' }))).text()
    await expect(future).resolves.toMatchObject({ model: 'model-b', kind: 'main' })
    await expect(server.waitForRequest((r) => r.model === 'model-c', 50)).rejects.toThrow(/model-a/)
  })
})
