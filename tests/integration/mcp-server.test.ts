import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, loadOrCreateSecret, type Host } from '../../src/main/host'
import { MCP_TOKEN_FILE, startMcpServer, type RunningMcpServer } from '../../src/main/mcp'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-config.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI, REPO_ROOT } from '../support/claude-versions.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { startFakeAnthropic } from '../support/fake-anthropic.ts'
import { git, makeRepo } from '../support/git-repo.ts'
import { captureLog } from '../support/log-capture.ts'
import { connectMcp, MCP_CLIENT_NAME, type McpTestClient, type McpTransportKind } from '../support/mcp-client.ts'

// Tessera's MCP server with the official SDK's client, over Streamable HTTP and through the
// stdio bridge process: panes created, typed into and read back; every bad input refused
// with its message and nothing created; requests without the token refused.

interface PaneListed {
  paneId: string
  kind: string
  model?: string
  preset?: string
  creator?: string
  status?: { state: string; ageMs: number }
}

interface Rig {
  host: Host
  mcp: RunningMcpServer
  dataDir: string
  cwd: string
  token: string
  env: Record<string, string>
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(dataDir = mkdtempSync(join(tmpdir(), 'tessera-mcp-data-'))): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-mcp-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, claudeEnv(api.url, FAKE_API_KEY, configDir))
  cleanups.push(() => onPath.dispose())
  return startHostAndMcp(dataDir, cwd, onPath.env)
}

async function startHostAndMcp(dataDir: string, cwd: string, env: Record<string, string>): Promise<Rig> {
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir, log: captureLog().log, env })
  cleanups.push(() => host.dispose())
  const token = loadOrCreateSecret(dataDir, MCP_TOKEN_FILE)
  const mcp = await startMcpServer({ host, dataDir, token, version: 'test', log: captureLog().log, port: 0 })
  if (!mcp) throw new Error('the MCP server did not start')
  cleanups.push(() => mcp.close())
  return { host, mcp, dataDir, cwd, token, env }
}

async function connect(rig: Rig, kind: McpTransportKind): Promise<McpTestClient> {
  const client = await connectMcp(kind, { url: rig.mcp.url, token: rig.token, dataDir: rig.dataDir })
  cleanups.push(() => client.close())
  return client
}

/** Resolves once the pane has printed text matching `pattern` (host events, no polling). */
function printed(host: Host, paneId: string, pattern: RegExp): Promise<void> {
  let output = ''
  const waiter = createConditionWaiter()
  const stop = host.events.subscribe((name, payload) => {
    if (name !== 'pane.data') return
    const data = payload as { paneId: string; data: string }
    if (data.paneId !== paneId) return
    output += data.data
    waiter.notify()
  })
  return waiter.until(() => pattern.test(output)).finally(stop)
}

describe.each(['http', 'stdio'] as const)('the MCP server over %s', (transport) => {
  it('creates a haiku-worker Claude pane and a shell, types into the shell, reads it back, and lists both with their models', async () => {
    const rig = await startRig()
    const mcp = await connect(rig, transport)
    const worker = await mcp.json('tessera_create_pane', { kind: 'claude', preset: 'haiku-worker', cwd: rig.cwd })
    expect(worker).toMatchObject({ kind: 'claude', model: 'haiku', preset: 'haiku-worker', creator: `mcp:${MCP_CLIENT_NAME}` })
    expect(worker.sessionId).toMatch(/^[0-9a-f-]{36}$/)
    const shell = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd: rig.cwd, beside: { paneId: worker.paneId, edge: 'right' } })

    const echoed = printed(rig.host, shell.paneId, /[\r\n]hi\r?\n/)
    expect(await mcp.json('tessera_send_keys', { paneId: shell.paneId, keys: [{ text: 'echo hi' }, { key: 'Enter' }] })).toEqual({ paneId: shell.paneId, sent: 2 })
    await echoed
    const screen = await mcp.tool('tessera_read_output', { paneId: shell.paneId })
    expect(screen.isError).toBe(false)
    expect(screen.text.split('\n')).toContain('hi')
    expect(screen.text).toContain('echo hi')
    // The last lines: the command's output, then maybe the next prompt already.
    const tail = (await mcp.tool('tessera_read_output', { paneId: shell.paneId, lines: 2 })).text.split('\n')
    expect(tail.length).toBeLessThanOrEqual(2)
    expect(tail).toContain('hi')

    const listed = await mcp.json<PaneListed[]>('tessera_list_panes')
    expect(listed.map(({ paneId, kind, model, preset, creator }) => ({ paneId, kind, model, preset, creator }))).toEqual([
      { paneId: worker.paneId, kind: 'claude', model: 'haiku', preset: 'haiku-worker', creator: `mcp:${MCP_CLIENT_NAME}` },
      { paneId: shell.paneId, kind: 'shell', model: undefined, preset: undefined, creator: `mcp:${MCP_CLIENT_NAME}` }
    ])
    // Panes made over MCP are the host's panes like any other: in its list, its layout, marked with their creator.
    expect(rig.host.panes.list().map((pane) => pane.creator)).toEqual([`mcp:${MCP_CLIENT_NAME}`, `mcp:${MCP_CLIENT_NAME}`])
    const layout = JSON.stringify(rig.host.layout.get())
    expect(layout.indexOf(worker.paneId as string)).toBeLessThan(layout.indexOf(shell.paneId))
    const one = await mcp.json<PaneListed>('tessera_get_pane', { paneId: worker.paneId })
    expect(one).toMatchObject({ paneId: worker.paneId, model: 'haiku', preset: 'haiku-worker', creator: `mcp:${MCP_CLIENT_NAME}` })
    expect(one.status?.ageMs).toBeGreaterThanOrEqual(0)

    const presets = await mcp.json<Array<{ name: string }>>('tessera_list_presets')
    expect(presets.map((preset) => preset.name)).toContain('haiku-worker')
    expect(await mcp.json('tessera_close_pane', { paneId: shell.paneId })).toEqual({ paneId: shell.paneId, closed: true })
    expect(rig.host.panes.list().map((pane) => pane.id)).toEqual([worker.paneId])
  })

  it('refuses every bad input with a clear error and creates nothing', async () => {
    const rig = await startRig()
    const mcp = await connect(rig, transport)
    const shell = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    const before = await mcp.json<PaneListed[]>('tessera_list_panes')
    const unknownPane = randomUUID()
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['tessera_create_pane', { kind: 'claude', preset: 'haiku-worker', config: { effort: 'low' } }, /either `preset` or `config`, not both/],
      ['tessera_create_pane', { kind: 'claude', preset: 'no-such-preset' }, /Unknown preset "no-such-preset" \(known: .*haiku-worker/],
      ['tessera_create_pane', { kind: 'claude', model: 'gpt-4o' }, /Unknown model "gpt-4o" for Claude/],
      ['tessera_create_pane', { kind: 'claude', model: 'haiku', cwd: join(rig.cwd, 'no-such-folder') }, /no-such-folder does not exist/],
      ['tessera_create_pane', { kind: 'shell', prompt: 'hello' }, /`prompt` needs a Claude pane/],
      ['tessera_create_pane', { kind: 'claude', model: 'haiku', beside: { paneId: unknownPane, edge: 'left' } }, new RegExp(`Unknown pane ${unknownPane}`)],
      ['tessera_get_pane', { paneId: unknownPane }, new RegExp(`Unknown pane ${unknownPane}: tessera_list_panes lists the open panes`)],
      ['tessera_send_keys', { paneId: unknownPane, keys: [{ text: 'x' }] }, new RegExp(`Unknown pane ${unknownPane}`)],
      ['tessera_close_pane', { paneId: unknownPane }, new RegExp(`Unknown pane ${unknownPane}`)],
      ['tessera_send_prompt', { paneId: unknownPane, text: 'hi' }, new RegExp(`Unknown pane ${unknownPane}`)],
      ['tessera_send_prompt', { paneId: shell.paneId, text: 'hello' }, /is a shell, not an agent: tessera_send_prompt is for Claude panes/],
      ['tessera_wait_for_turn', { paneId: shell.paneId }, /is a shell, not an agent/],
      ['tessera_send_keys', { paneId: shell.paneId, keys: [{ text: 'rm -rf /tmp/x' }, { key: 'Hyper+Q' }] }, /Unknown key "Hyper\+Q"/],
      ['tessera_set_model', { paneId: shell.paneId, model: 'haiku' }, /a shell pane has no model/],
      ['tessera_get_pane', { paneId: 'not-a-uuid' }, /Invalid arguments for tool tessera_get_pane/]
    ]
    let typed = ''
    const stop = rig.host.events.subscribe((name, payload) => {
      if (name === 'pane.data' && (payload as { paneId: string }).paneId === shell.paneId) typed += (payload as { data: string }).data
    })
    for (const [name, args, message] of cases) {
      const outcome = await mcp.tool(name, args)
      expect({ name, args, isError: outcome.isError }).toEqual({ name, args, isError: true })
      expect(outcome.text).toMatch(message)
    }
    stop()
    // Nothing created, and the refused send_keys typed nothing (its shell echoed nothing).
    expect(await mcp.json('tessera_list_panes')).toEqual(before.map((pane) => ({ ...pane, status: expect.any(Object) })))
    expect(rig.host.panes.list().map((pane) => pane.id)).toEqual([shell.paneId])
    expect(typed).not.toContain('rm -rf')
  })

  it('creates and lists tasks, refuses a bad one with nothing stored, and advances only a waiting task', async () => {
    const rig = await startRig()
    const mcp = await connect(rig, transport)
    const repo = mkdtempSync(join(tmpdir(), 'tessera-mcp-repo-'))
    makeRepo(repo)
    const notRepo = mkdtempSync(join(tmpdir(), 'tessera-mcp-plain-'))
    const task = (overrides: Record<string, unknown>): Record<string, unknown> => ({
      title: 'Add a greeting',
      repo,
      baseBranch: 'main',
      stages: [
        { stage: 'plan', enabled: true, model: 'opus' },
        { stage: 'build', enabled: true, model: 'sonnet' }
      ],
      ...overrides
    })
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [task({ repo: notRepo }), /not .*git repo/i],
      [task({ baseBranch: 'no-such-branch' }), /no-such-branch/],
      [task({ stages: [{ stage: 'plan', enabled: true, model: 'gpt-4o' }] }), /gpt-4o/]
    ]
    for (const [input, message] of refused) {
      const outcome = await mcp.tool('tessera_create_task', { task: input })
      expect(outcome.isError).toBe(true)
      expect(outcome.text).toMatch(message)
    }
    expect(await mcp.json<unknown[]>('tessera_list_tasks')).toEqual([])

    const created = await mcp.json<{ id: string; state: string; title: string }>('tessera_create_task', { task: task({}) })
    expect(created).toMatchObject({ title: 'Add a greeting', state: 'backlog' })
    expect((await mcp.json<Array<{ id: string }>>('tessera_list_tasks')).map((listed) => listed.id)).toEqual([created.id])
    // A backlog task has no stage to advance from: refused, and it stays as it was.
    const advanced = await mcp.tool('tessera_advance_task', { taskId: created.id })
    expect(advanced.isError).toBe(true)
    expect((await mcp.json<Array<{ state: string }>>('tessera_list_tasks'))[0]?.state).toBe('backlog')
    expect(git(repo, 'branch', '--list', 'tessera/*')).toBe('')
  })

  it('refuses a create past the per-client cap, and counts only panes that client created and still has open', async () => {
    const rig = await startRig()
    rig.host.settings.update((data) => ({ ...data, mcp: { ...data.mcp, maxPanesPerClient: 2 } }))
    const mcp = await connect(rig, transport)
    // A pane the user made does not count against the client.
    const userPane = await rig.host.dispatcher.dispatch('pane.create', { kind: 'shell', cwd: rig.cwd, cols: 80, rows: 24 }, 'test')
    expect(userPane.ok).toBe(true)
    const first = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    await mcp.json('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    const refused = await mcp.tool('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    expect(refused.isError).toBe(true)
    expect(refused.text).toMatch(new RegExp(`mcp:${MCP_CLIENT_NAME} already has 2 open panes.*mcp.maxPanesPerClient: 2`))
    expect(rig.host.panes.list()).toHaveLength(3)
    await mcp.json('tessera_close_pane', { paneId: first.paneId })
    await mcp.json('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    expect(rig.host.panes.list()).toHaveLength(3)
  })

  it("tells a subscribed client when a pane's status changes", async () => {
    const rig = await startRig()
    const mcp = await connect(rig, transport)
    const shell = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd: rig.cwd })
    const uri = `tessera://panes/${shell.paneId}`
    const listed = await mcp.client.listResources()
    expect(listed.resources.map((resource) => resource.uri)).toEqual([uri])
    await mcp.client.subscribeResource({ uri })
    // A job in the foreground makes the shell's status working, then idle again (long enough for
    // the status service's check 1.5 s after the last output to see it: a shorter one may end unseen).
    const updated = mcp.nextUpdate(uri)
    const idleAgain = createConditionWaiter()
    const states: string[] = []
    const stop = rig.host.events.subscribe((name, payload) => {
      if (name === 'pane.status' && (payload as { paneId: string }).paneId === shell.paneId) states.push((payload as { status: { state: string } }).status.state)
      idleAgain.notify()
    })
    await mcp.json('tessera_send_keys', { paneId: shell.paneId, keys: [{ text: 'sleep 3' }, { key: 'Enter' }] })
    await updated
    await idleAgain.until(() => states.includes('working') && states.at(-1) === 'idle')
    stop()
    const read = await mcp.client.readResource({ uri })
    const view = JSON.parse((read.contents[0] as { text: string }).text) as PaneListed
    expect(view).toMatchObject({ paneId: shell.paneId, kind: 'shell', creator: `mcp:${MCP_CLIENT_NAME}` })
    expect(mcp.updates).toContain(uri)
  })
})

describe('the MCP HTTP endpoint', () => {
  it('writes its URL and token to an owner-only mcp.json, and keeps its token owner-only', async () => {
    const rig = await startRig()
    const file = join(rig.dataDir, 'mcp.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: rig.mcp.url, token: rig.token, pid: process.pid })
    expect(rig.mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(rig.dataDir, MCP_TOKEN_FILE)).mode & 0o777).toBe(0o600)
    await rig.mcp.close()
    expect(() => statSync(file)).toThrow()
  })

  it('refuses a request without the token, with a wrong one, and a malformed body, and creates nothing', async () => {
    const rig = await startRig()
    const create = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } })
    const post = (headers: Record<string, string>, body: string): Promise<Response> =>
      fetch(rig.mcp.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body })
    const noToken = await post({}, create)
    expect(noToken.status).toBe(401)
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(((await noToken.json()) as { error: { message: string } }).error.message).toMatch(/no bearer token.*Authorization: Bearer <token>/)
    const wrongToken = await post({ authorization: `Bearer ${'0'.repeat(64)}` }, create)
    expect(wrongToken.status).toBe(401)
    expect(((await wrongToken.json()) as { error: { message: string } }).error.message).toMatch(/wrong bearer token/)
    const notBearer = await post({ authorization: `Basic ${rig.token}` }, create)
    expect(notBearer.status).toBe(401)

    const malformed = await post({ authorization: `Bearer ${rig.token}` }, '{"jsonrpc": "2.0", "method": ')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700, message: expect.stringMatching(/Parse error/) }, id: null })
    const notRpc = await post({ authorization: `Bearer ${rig.token}` }, JSON.stringify({ hello: 'world' }))
    expect(notRpc.status).toBe(400)
    expect(((await notRpc.json()) as { error: { code: number } }).error.code).toBe(-32600)

    // With a session, a body that is JSON but no JSON-RPC message is the SDK's parse error.
    const mcp = await connect(rig, 'http')
    const sessionId = (mcp.client.transport as { sessionId?: string }).sessionId as string
    const inSession = await post({ authorization: `Bearer ${rig.token}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }, JSON.stringify({ method: 42 }))
    expect(inSession.status).toBe(400)
    expect(((await inSession.json()) as { error: { code: number } }).error.code).toBe(-32700)
    const unknownSession = await post({ authorization: `Bearer ${rig.token}`, 'mcp-session-id': randomUUID() }, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }))
    expect(unknownSession.status).toBe(404)
    // A tool call with the wrong token never reaches the tools.
    const forged = await post({ authorization: 'Bearer nope', 'mcp-session-id': sessionId }, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'tessera_create_pane', arguments: { kind: 'shell' } } }))
    expect(forged.status).toBe(401)
    expect(rig.host.panes.list()).toEqual([])
    expect(await mcp.json('tessera_list_panes')).toEqual([])
  })
})

describe('the stdio bridge', () => {
  it('says why, and exits, when no Tessera runs for its data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-mcp-none-'))
    const bridge = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'tessera-mcp.mjs'), '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    bridge.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    bridge.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => bridge.once('exit', resolve))
    expect(code).toBe(1)
    expect(stderr).toContain(`Tessera's MCP server is not running for the data dir ${dataDir} (no mcp.json)`)
    expect(stdout).toBe('')
  })

  it('carries on through a host restart: a new session on the new port, its subscriptions replayed', async () => {
    const first = await startRig()
    const mcp = await connect(first, 'stdio')
    const shell = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd: first.cwd })
    const uri = `tessera://panes/${shell.paneId}`
    await mcp.client.subscribeResource({ uri })
    await first.mcp.close()
    await first.host.dispose()
    // The same data dir: the pane is restored with its id and creator; the MCP server gets another port.
    const second = await startHostAndMcp(first.dataDir, first.cwd, first.env)
    await second.host.restoring
    expect(second.mcp.url).not.toBe(first.mcp.url)
    const listed = await mcp.json<PaneListed[]>('tessera_list_panes')
    expect(listed.map(({ paneId, creator }) => ({ paneId, creator }))).toEqual([{ paneId: shell.paneId, creator: `mcp:${MCP_CLIENT_NAME}` }])
    expect(mcp.stderr()).toMatch(/reconnected to Tessera/)
    // The subscription made on the old session holds on the new one.
    const updated = mcp.nextUpdate(uri)
    await mcp.json('tessera_send_keys', { paneId: shell.paneId, keys: [{ text: 'sleep 3' }, { key: 'Enter' }] })
    await updated
  })
})
