import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, loadOrCreateSecret } from '../../src/main/host/index.ts'
import { createLogger } from '../../src/main/log/index.ts'
import { MCP_TOKEN_FILE, startMcpServer } from '../../src/main/mcp/index.ts'
import { connectMcp, type McpTestClient } from '../../tests/support/mcp-client.ts'
import { offlineClaude } from '../../tests/support/offline-claude.ts'
import { summarize, type Figures, type Target } from '../report.ts'
import { withCleanup, type Cleanup } from '../support/process.ts'
import { percentile } from '../support/stats.ts'

// Tessera's MCP server as an orchestrating client sees it (the official SDK's client over
// Streamable HTTP, the real Claude Code against the fake API):
// - mcp_create_to_prompt_ms: tessera_create_pane with a first prompt called, to that prompt
//   reaching the fake API (the agent's start and the prompt's submission included). Median of
//   CREATE_ROUNDS panes, one after the other, each closed after its round.
// - mcp_turn_end_to_wait_return_p99_ms: a turn's Stop hook recorded by the host to
//   tessera_wait_for_turn returning to the client, p99 over TURNS turns. The fake API holds each
//   reply REPLY_DELAY_MS so the wait is already blocked when the turn ends. The host runs in
//   this process (its turn tracker stamps the hook's arrival on the same clock as the client).

const CREATE_ROUNDS = 5
const TURNS = 50
const REPLY_DELAY_MS = 200
const PROMPT_TIMEOUT_MS = 60_000

export const targets: Readonly<Record<string, Target>> = { mcp_turn_end_to_wait_return_p99_ms: { max: 50 } }

const log = (line: string): void => void process.stderr.write(`bench: mcp: ${line}\n`)

interface Rig {
  mcp: McpTestClient
  api: Awaited<ReturnType<typeof offlineClaude>>['api']
  host: ReturnType<typeof createHost>
  cwd: string
}

async function startRig(cleanup: Cleanup): Promise<Rig> {
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'tessera-bench-mcp-')))
  cleanup.add(() => rmSync(cwd, { recursive: true, force: true }))
  const claude = await offlineClaude()
  cleanup.add(() => claude.dispose())
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-mcp-data-'))
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }))
  const quiet = createLogger('bench', () => undefined)
  const host = createHost({ kind: 'browser', version: 'bench', defaultCwd: cwd, dataDir, log: quiet, env: claude.env })
  cleanup.add(() => host.dispose())
  const token = loadOrCreateSecret(dataDir, MCP_TOKEN_FILE)
  const server = await startMcpServer({ host, dataDir, token, version: 'bench', log: quiet, port: 0 })
  if (!server) throw new Error('the MCP server did not start')
  cleanup.add(() => server.close())
  const mcp = await connectMcp('http', { url: server.url, token, dataDir })
  cleanup.add(() => mcp.close())
  return { mcp, api: claude.api, host, cwd }
}

async function measureCreate(rig: Rig): Promise<number[]> {
  const samples: number[] = []
  for (let round = 1; round <= CREATE_ROUNDS; round++) {
    const text = `bench create round ${round}`
    const reached = rig.api.waitForRequest((request) => request.kind === 'main' && JSON.stringify(request.messages).includes(text), PROMPT_TIMEOUT_MS)
    const calledAt = Date.now()
    const pane = await rig.mcp.json<{ paneId: string; promptError?: string }>('tessera_create_pane', { kind: 'claude', model: 'haiku', cwd: rig.cwd, prompt: text })
    if (pane.promptError) throw new Error(pane.promptError)
    const request = await reached
    samples.push(request.at - calledAt)
    log(`round ${round}: prompt reached the API ${request.at - calledAt} ms after create_pane`)
    await rig.mcp.json('tessera_close_pane', { paneId: pane.paneId })
  }
  return samples
}

async function measureTurnEnds(rig: Rig): Promise<number[]> {
  const pane = await rig.mcp.json<{ paneId: string; turn: number }>('tessera_create_pane', { kind: 'claude', model: 'haiku', cwd: rig.cwd, prompt: 'bench turn 0' })
  await rig.mcp.json('tessera_wait_for_turn', { paneId: pane.paneId, turn: pane.turn, timeoutMs: PROMPT_TIMEOUT_MS })
  const samples: number[] = []
  for (let index = 1; index <= TURNS; index++) {
    rig.api.enqueue({ text: `Reply ${index}.`, delayMs: REPLY_DELAY_MS })
    const { turn } = await rig.mcp.json<{ turn: number }>('tessera_send_prompt', { paneId: pane.paneId, text: `bench turn ${index}` })
    const result = await rig.mcp.json<{ outcome: string }>('tessera_wait_for_turn', { paneId: pane.paneId, turn, timeoutMs: PROMPT_TIMEOUT_MS })
    const returnedAt = Date.now()
    const end = rig.host.turns.endSince({ paneId: pane.paneId, seq: turn })
    if (result.outcome !== 'ended' || !end) throw new Error(`turn ${index} did not end: ${JSON.stringify(result)}`)
    samples.push(returnedAt - end.at)
  }
  log(`turn end → wait return: median ${summarize(samples).median} ms, max ${summarize(samples).max} ms over ${TURNS} turns`)
  return samples
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const rig = await startRig(cleanup)
    const create = summarize(await measureCreate(rig))
    const turns = await measureTurnEnds(rig)
    return {
      mcp_create_to_prompt_ms: Math.round(create.median),
      mcp_create_to_prompt_max_ms: Math.round(create.max),
      mcp_turn_end_to_wait_return_p99_ms: Math.round(percentile([...turns].sort((a, b) => a - b), 0.99))
    }
  })
}
