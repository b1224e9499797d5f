import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { createHost, loadOrCreateSecret, type Host } from '../../src/main/host'
import { MCP_TOKEN_FILE, startMcpServer } from '../../src/main/mcp'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-harness.ts'
import { aliasModel, CLAUDE_CLIS, claudeFirstOnPath, type ClaudeCli } from '../support/claude-versions.ts'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'
import { createLogger } from '../../src/main/log'
import { captureLog } from '../support/log-capture.ts'

// A Claude pane with the orchestrator option gets Tessera's MCP server: its agent (the real
// CLI, both versions, against the fake API) calls mcp__tessera__tessera_create_pane without a
// permission prompt, the new pane appears in the host marked with its creator, runs with the
// model asked for, and outlives the orchestrator. The token is in no file of the pane's.

const WORKER_PROMPT = 'write the release notes'
const READY_MS = 60_000

interface Rig {
  host: Host
  /** Resolves once an MCP client (the orchestrator's CLI) has listed Tessera's tools and resources. */
  toolsListed: Promise<void>
  closeMcp(): Promise<void>
  api: FakeAnthropic
  cwd: string
  dataDir: string
  env: Record<string, string>
  token: string
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startRig(cli: ClaudeCli): Promise<Rig> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  const cwd = mkdtempSync(join(tmpdir(), 'tessera-orchestrator-cwd-'))
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
  const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanups.push(() => onPath.dispose())
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-orchestrator-data-'))
  const host = startHost(dataDir, cwd, onPath.env)
  const token = loadOrCreateSecret(dataDir, MCP_TOKEN_FILE)
  const { toolsListed, close } = await startMcp(host, dataDir, token)
  return { host, toolsListed, closeMcp: close, api, cwd, dataDir, env: onPath.env, token }
}

function startHost(dataDir: string, cwd: string, env: Record<string, string>, startRestoredAfter?: Promise<unknown>): Host {
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir, log: captureLog().log, env, ...(startRestoredAfter && { startRestoredAfter }) })
  cleanups.push(() => host.dispose())
  return host
}

/** Tessera's MCP server for `host`; toolsListed resolves once a client listed its tools and resources. */
async function startMcp(host: Host, dataDir: string, token: string): Promise<{ close(): Promise<void>; toolsListed: Promise<void> }> {
  let listed = false
  const toolsListed = createConditionWaiter()
  const log = createLogger('mcp', (entry) => {
    // The CLI's handshake: initialize, tools/list, then resources/list; after that it counts the server connected.
    if (entry.message === 'mcp request' && (entry.data?.methods as string[]).includes('resources/list')) listed = true
    toolsListed.notify()
  })
  const server = await startMcpServer({ host, dataDir, token, version: 'test', log, port: 0 })
  if (!server) throw new Error('the MCP server did not start')
  cleanups.push(() => server.close())
  return { close: () => server.close(), toolsListed: toolsListed.until(() => listed) }
}

/** Resolves with the first pane (now or later) that `test` accepts, from the host's events. */
function paneWhere(host: Host, test: (pane: PaneInfo) => boolean): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const stop = host.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  return waiter
    .until(() => host.panes.list().some(test))
    .then(() => host.panes.list().find(test) as PaneInfo)
    .finally(stop)
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe.each(CLAUDE_CLIS.map((cli) => [cli.label, cli] as const))('an orchestrator pane on Claude Code %s', (_label, cli) => {
  it("creates a worker pane through Tessera's MCP tools, marked with its creator and running the model it asked for", async () => {
    const rig = await startRig(cli)
    const created = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', cwd: rig.cwd, cols: 120, rows: 40, config: { orchestrator: true } }, 'test')
    if (!created.ok) throw new Error(created.error.message)
    const orchestrator = created.value as PaneInfo
    const orchestratorSession = orchestrator.agent?.sessionId
    // The orchestrator's first turn calls the tool; its next request (with the tool's result) gets the default reply.
    rig.api.enqueue({
      match: (request) => request.sessionId === orchestratorSession,
      toolUse: { name: 'mcp__tessera__tessera_create_pane', input: { kind: 'claude', model: 'sonnet', cwd: rig.cwd, prompt: WORKER_PROMPT } }
    })
    // The CLI connects its MCP servers while it starts; a turn before it listed their tools has no Tessera tools
    // (2.1.197 answers "no such tool"), and a session being open is not enough: the listing comes after.
    await rig.toolsListed
    await rig.host.prompts.submit(orchestrator.id, 'start a worker for the release notes', { readyTimeoutMs: READY_MS })

    // The creator is set once the pane exists (a moment after it first shows in the list).
    const worker = await paneWhere(rig.host, (pane) => pane.id !== orchestrator.id && pane.creator !== undefined)
    // Marked with the orchestrator pane (its CLI names it in a header), not just the client's name.
    expect(worker).toMatchObject({ kind: 'claude', creator: `pane:${orchestrator.id}`, agent: { model: 'sonnet' } })
    expect(rig.host.panes.list().find((pane) => pane.id === orchestrator.id)?.creator).toBeUndefined()
    // The worker's first request: its prompt, with the sonnet id.
    const first = await rig.api.waitForRequest((request) => request.kind === 'main' && request.sessionId === worker.agent?.sessionId, READY_MS)
    expect(first.model).toEqual(aliasModel(cli, 'sonnet'))
    expect(JSON.stringify(first.messages)).toContain(WORKER_PROMPT)
    // The tool call ran without a permission prompt: its result, sent back to the API, names the new pane.
    const answered = await rig.api.waitForRequest((request) => request.sessionId === orchestratorSession && JSON.stringify(request.messages).includes('tool_result'), READY_MS)
    expect(JSON.stringify(answered.messages)).toContain(worker.id)

    // The token lives in the pane's environment only: no file of the pane's holds it.
    const paneFiles = filesUnder(join(rig.dataDir, 'panes', orchestrator.id))
    expect(paneFiles.length).toBeGreaterThan(0)
    for (const file of paneFiles) expect({ file, hasToken: readFileSync(file, 'utf8').includes(rig.token) }).toEqual({ file, hasToken: false })

    // Closing the orchestrator leaves its worker running.
    const closed = await rig.host.dispatcher.dispatch('pane.close', { paneId: orchestrator.id }, 'test')
    expect(closed.ok).toBe(true)
    expect(rig.host.panes.list().map((pane) => pane.id)).toEqual([worker.id])
  })

  it('comes back after a host restart still connected to the new host’s MCP server', async () => {
    const rig = await startRig(cli)
    const created = await rig.host.dispatcher.dispatch('pane.create', { kind: 'claude', cwd: rig.cwd, cols: 120, rows: 40, config: { orchestrator: true } }, 'test')
    if (!created.ok) throw new Error(created.error.message)
    const orchestrator = created.value as PaneInfo
    await rig.toolsListed
    await Promise.all([rig.closeMcp(), rig.host.dispose()])

    // The MCP server needs the host, so it starts after it: the restored pane must wait for it.
    let startMcpNow = (): void => undefined
    const mcpStarting = new Promise<void>((resolve) => (startMcpNow = resolve))
    const host = startHost(rig.dataDir, rig.cwd, rig.env, mcpStarting)
    const restored = await paneWhere(host, (pane) => pane.id === orchestrator.id)
    expect(restored.restored).toBeDefined()
    // A client drew its saved screen, so only the MCP server holds the program back.
    expect((await host.dispatcher.dispatch('pane.shown', { paneId: orchestrator.id }, 'test')).ok).toBe(true)
    // Nothing happens by itself: the pane is back with its screen but its program waits (a negative check needs a window).
    const early = await Promise.race([host.restoring.then(() => 'started'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))])
    expect({ early, pid: host.panes.list().find((pane) => pane.id === orchestrator.id)?.pid }).toEqual({ early: 'waiting', pid: undefined })

    const mcp = await startMcp(host, rig.dataDir, rig.token)
    startMcpNow()
    await host.restoring
    const back = host.panes.list().find((pane) => pane.id === orchestrator.id)
    expect(back?.pid).toBeDefined()
    expect(back?.agent?.note ?? '').not.toContain('MCP server is not running')
    // The resumed CLI talks to the new server.
    await mcp.toolsListed
  })
})
