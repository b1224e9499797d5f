import { mkdtempSync, readFileSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { MCP_TOKEN_FILE } from '../../src/main/mcp/endpoint.ts'
import { launchChromium } from '../support/chromium.ts'
import { DEFAULT_CLAUDE_CLI } from '../support/claude-versions.ts'
import { DEFAULT_REPLY_TEXT } from '../support/fake-anthropic.ts'
import { connectMcp, MCP_CLIENT_NAME, type McpTestClient } from '../support/mcp-client.ts'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// An MCP client (the official SDK's, over Streamable HTTP to the served host) creates a shell
// pane and a haiku Claude pane; the user's open page shows both in the grid, the Claude pane
// with its model, each marked with the client that created it.

const WAIT_MS = 30_000
const MCP_LINE = /^MCP server at (http:\/\/127\.0\.0\.1:\d+\/mcp) /

let browser: Browser | undefined
let serve: ServeProcess | undefined
let claude: OfflineClaude | undefined
let mcp: McpTestClient | undefined
let mcpTarget: { url: string; token: string; dataDir: string } | undefined
let page: Page
let problems: string[] = []

beforeAll(async () => {
  claude = await offlineClaude()
  // Any free port for MCP: the default one may be another test's (or the user's) host.
  serve = await startServe(['--mcp-port', '0'], claude.env)
  const [, url] = (await serve.stdoutLine(MCP_LINE)) as unknown as [string, string]
  const token = readFileSync(join(serve.dataDir, MCP_TOKEN_FILE), 'utf8').trim()
  mcpTarget = { url, token, dataDir: serve.dataDir }
  mcp = await connectMcp('http', mcpTarget)
  browser = await launchChromium()
  // Wide enough that the two new panes (half of the last pane each) keep the mark, which a narrow header drops first.
  page = await browser.newPage({ viewport: { width: 3200, height: 900 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await page.locator('.xterm-rows > div').filter({ hasText: PROMPT_ROW }).first().waitFor()
})

afterAll(async () => {
  await mcp?.close()
  await browser?.close()
  await serve?.stop()
  await claude?.dispose()
})

describe('panes created over MCP', () => {
  it('show up in the grid with their model and a mark naming the client that created them', async () => {
    const client = mcp as McpTestClient
    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'tessera-mcp-e2e-')))
    const shell = await client.json<{ paneId: string }>('tessera_create_pane', { kind: 'shell', cwd })
    const worker = await client.json<{ paneId: string; model: string; turn: number }>('tessera_create_pane', { kind: 'claude', model: 'haiku', cwd, prompt: 'say hello' })
    expect(worker).toMatchObject({ model: 'haiku', creator: `mcp:${MCP_CLIENT_NAME}`, turn: expect.any(Number) })
    // The real CLI ran the prompt against the fake API with the haiku id.
    const turn = await client.json<{ outcome: string; lastAssistantMessage: string }>('tessera_wait_for_turn', { paneId: worker.paneId, turn: worker.turn })
    expect(turn).toMatchObject({ outcome: 'ended', lastAssistantMessage: DEFAULT_REPLY_TEXT })
    const api = (claude as OfflineClaude).api
    expect(api.mainRequests().map((request) => request.model)).toEqual([DEFAULT_CLAUDE_CLI.aliasModels?.haiku])

    const detail = `Created over MCP by ${MCP_CLIENT_NAME}`
    for (const paneId of [shell.paneId, worker.paneId]) {
      const pane = page.locator(`section.pane[data-pane-id="${paneId}"]`)
      const mark = pane.locator('.pane-creator')
      await mark.waitFor()
      expect(await mark.textContent()).toBe(`via ${MCP_CLIENT_NAME}`)
      expect(await mark.getAttribute('title')).toBe(detail)
      // The title's tooltip and the pane's label say it too, for when the mark has given way.
      expect(await pane.locator('.pane-title').getAttribute('title')).toContain(detail)
      expect(await pane.getAttribute('aria-label')).toContain(detail)
    }
    const workerPane = page.locator(`section.pane[data-pane-id="${worker.paneId}"]`)
    await expect.poll(() => workerPane.getByLabel('Model').inputValue()).toBe('haiku')
    await workerPane.locator('.xterm-rows > div').filter({ hasText: DEFAULT_REPLY_TEXT }).first().waitFor()
    // The pane the user's page started with carries no mark.
    expect(await page.locator('section.pane').count()).toBe(3)
    expect(await page.locator('.pane-creator').count()).toBe(2)

    // A narrower window: the Claude pane's header gives the mark up first; its title's tooltip keeps it.
    await page.setViewportSize({ width: 1400, height: 900 })
    await workerPane.locator('.pane-creator').waitFor({ state: 'detached' })
    expect(await workerPane.locator('.pane-header').getAttribute('data-header-step')).not.toBe('full')
    expect(await workerPane.locator('.pane-title').getAttribute('title')).toContain(detail)
    expect(problems).toEqual([])
  })

  it('marks the panes an orchestrator pane’s agent creates with that pane’s title', async () => {
    const [worker] = (await (mcp as McpTestClient).json<Array<{ paneId: string; kind: string; title: string }>>('tessera_list_panes')).filter((pane) => pane.kind === 'claude')
    if (!worker || !mcpTarget) throw new Error('no Claude pane from the first test')
    // What an orchestrator pane's CLI sends: its pane id in a header of every request.
    const orchestrator = await connectMcp('http', { ...mcpTarget, headers: { 'X-Tessera-Pane': worker.paneId } })
    try {
      const made = await orchestrator.json<{ paneId: string; creator: string }>('tessera_create_pane', { kind: 'shell', cwd: tmpdir() })
      expect(made.creator).toBe(`pane:${worker.paneId}`)
      const pane = page.locator(`section.pane[data-pane-id="${made.paneId}"]`)
      const title = await page.locator(`section.pane[data-pane-id="${worker.paneId}"] .pane-title`).textContent()
      await page.setViewportSize({ width: 3200, height: 900 })
      await expect.poll(() => pane.getAttribute('aria-label')).toContain(`Created by the agent of the orchestrator pane ${title}`)
    } finally {
      await orchestrator.close()
    }
    expect(problems).toEqual([])
  })
})
