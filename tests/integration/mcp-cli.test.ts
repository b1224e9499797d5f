import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, loadOrCreateSecret, type Host } from '../../src/main/host'
import { MCP_TOKEN_FILE, startMcpServer } from '../../src/main/mcp'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-harness.ts'
import { answerPrompt } from '../support/claude-dialogs.ts'
import { aliasModel, CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../support/fake-anthropic.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'
import { connectMcp, type McpTestClient } from '../support/mcp-client.ts'

// An orchestrating MCP client drives real Claude Code panes (both CLI versions) against the
// fake API: a pane created with a model and a first prompt, its answer collected with
// wait_for_turn (no screen read), a second prompt on the same pane, status pushed to a
// subscription, and a turn that asks for permission.

interface Rig {
  host: Host
  api: FakeAnthropic
  mcp: McpTestClient
  cwd: string
}

interface WaitResult {
  outcome: string
  turn: number
  lastAssistantMessage?: string
  reason?: string
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-mcp-cli-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-mcp-cli-data-'))
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir, log: captureLog().log, env: onPath.env })
  cleanups.push(() => host.dispose())
  const token = loadOrCreateSecret(dataDir, MCP_TOKEN_FILE)
  const server = await startMcpServer({ host, dataDir, token, version: 'test', log: captureLog().log, port: 0 })
  if (!server) throw new Error('the MCP server did not start')
  cleanups.push(() => server.close())
  const mcp = await connectMcp('http', { url: server.url, token, dataDir })
  cleanups.push(() => mcp.close())
  return { host, api, mcp, cwd }
}

/** Every text block of the request's user messages (the CLI adds reminders as blocks and messages of their own). */
function userText(request: RecordedRequest): string {
  const messages = request.messages as Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>
  return messages
    .filter((message) => message.role === 'user')
    .flatMap((message) => (typeof message.content === 'string' ? [message.content] : message.content.map((block) => block.text ?? '')))
    .join('\n')
}

/** Resolves once the pane's status is `state` (host events, no polling). */
function paneState(host: Host, paneId: string, state: string): Promise<void> {
  const waiter = createConditionWaiter()
  const stop = host.events.subscribe((name) => name === 'pane.status' && waiter.notify())
  return waiter.until(() => host.status.status(paneId)?.state === state).finally(stop)
}

describe.each(CLAUDE_CLIS)('an MCP client driving Claude Code $label', (cli) => {
  it('creates a haiku pane with a first prompt, collects its answer, prompts it again, and hears its status change', async () => {
    const rig = await startRig(cli)
    const { api, mcp } = rig
    api.enqueue({ text: 'Hello, orchestrator! The first task is done.' })
    const created = await mcp.json<{ paneId: string; turn: number; model: string; sessionId: string }>('tessera_create_pane', {
      kind: 'claude',
      model: 'haiku',
      cwd: rig.cwd,
      prompt: 'Say hello to the orchestrator'
    })
    expect(created).toMatchObject({ model: 'haiku', turn: expect.any(Number) })
    expect(created).not.toHaveProperty('promptError')
    const first = await api.waitForRequest((request) => request.kind === 'main', 30_000)
    expect(first.model).toEqual(aliasModel(cli, 'haiku'))
    expect(userText(first)).toContain('Say hello to the orchestrator')
    const firstEnd = await mcp.json<WaitResult>('tessera_wait_for_turn', { paneId: created.paneId, turn: created.turn })
    expect(firstEnd).toMatchObject({ outcome: 'ended', turn: created.turn, lastAssistantMessage: 'Hello, orchestrator! The first task is done.' })

    // Events instead of polling: the subscribed client hears the pane go to work.
    const uri = `tessera://panes/${created.paneId}`
    await mcp.client.subscribeResource({ uri })
    const updated = mcp.nextUpdate(uri)
    api.enqueue({ text: 'Second task done: both lines read.', delayMs: 500 })
    const second = await mcp.json<{ turn: number }>('tessera_send_prompt', { paneId: created.paneId, text: 'Second task, line one\nand line two' })
    expect(second.turn).toBeGreaterThan(created.turn)
    await updated
    const secondRequest = await api.waitForRequest((request) => request.kind === 'main' && userText(request).includes('and line two'), 30_000)
    expect(userText(secondRequest)).toContain('Second task, line one\nand line two')
    expect(secondRequest.model).toEqual(aliasModel(cli, 'haiku'))
    // Without a turn: the last one started over MCP.
    expect(await mcp.json<WaitResult>('tessera_wait_for_turn', { paneId: created.paneId })).toMatchObject({
      outcome: 'ended',
      turn: second.turn,
      lastAssistantMessage: 'Second task done: both lines read.'
    })
    const read = await mcp.client.readResource({ uri })
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ paneId: created.paneId, model: 'haiku', activeModel: aliasModel(cli, 'haiku') })
  })

  it('reports a turn that ended before the client asked, at once and with its answer', async () => {
    const rig = await startRig(cli)
    const { api, mcp, host } = rig
    const pane = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'claude', model: 'haiku', cwd: rig.cwd })
    api.enqueue({ text: 'Done before you asked.' })
    const sent = await mcp.json<{ turn: number }>('tessera_send_prompt', { paneId: pane.paneId, text: 'A quick one' })
    // The turn ends (the Stop hook reached the host) before wait_for_turn is called.
    await api.waitForRequest((request) => request.kind === 'main' && userText(request).includes('A quick one'), 30_000)
    await paneState(host, pane.paneId, 'idle')
    expect(await mcp.json<WaitResult>('tessera_wait_for_turn', { paneId: pane.paneId, turn: sent.turn, timeoutMs: 0 })).toMatchObject({
      outcome: 'ended',
      lastAssistantMessage: 'Done before you asked.'
    })
  })

  it('stops waiting when the agent asks for permission, refuses a prompt meanwhile, and waits again once it is answered', async () => {
    const rig = await startRig(cli)
    const { api, mcp, host } = rig
    const screens = new HostScreens(host)
    cleanups.push(() => screens.dispose())
    const pane = await mcp.json<{ paneId: string }>('tessera_create_pane', { kind: 'claude', model: 'haiku', cwd: rig.cwd, config: { permissionMode: 'manual' } })
    api.enqueue({ toolUse: { name: 'Bash', input: { command: 'node -e "console.log(6 * 7)"', description: 'Print 42' } } }, { text: 'The script printed 42.' })
    const sent = await mcp.json<{ turn: number }>('tessera_send_prompt', { paneId: pane.paneId, text: 'please run the script' })
    const waiting = await mcp.json<WaitResult>('tessera_wait_for_turn', { paneId: pane.paneId, turn: sent.turn })
    expect(waiting).toMatchObject({ outcome: 'waiting', reason: 'permission: Bash' })
    const refused = await mcp.tool('tessera_send_prompt', { paneId: pane.paneId, text: 'another task' })
    expect(refused.isError).toBe(true)
    expect(refused.text).toMatch(/is waiting for permission \(permission: Bash\): answer it with tessera_send_keys/)
    await answerPrompt(screens.screen(pane.paneId), (data) => host.panes.write(pane.paneId, data), 'Yes')
    await paneState(host, pane.paneId, 'working')
    expect(await mcp.json<WaitResult>('tessera_wait_for_turn', { paneId: pane.paneId, turn: sent.turn })).toMatchObject({
      outcome: 'ended',
      lastAssistantMessage: 'The script printed 42.'
    })
    expect(api.mainRequests().map(userText).filter((text) => text.includes('another task'))).toEqual([])
  })
})
