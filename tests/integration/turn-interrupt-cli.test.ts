import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { createHost } from '../../src/main/host'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-harness.ts'
import { CLAUDE_CLIS, claudeFirstOnPath } from '../support/claude-versions.ts'
import { startFakeAnthropic } from '../support/fake-anthropic.ts'
import { captureLog } from '../support/log-capture.ts'

// Esc while a reply streams ends the turn with no hook at all (claude-code-facts.md): the host
// still hears that the turn is over, so a task stage or an MCP wait_for_turn does not wait on.

const READY_MS = 60_000

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe.each(CLAUDE_CLIS.map((cli) => [cli.label, cli] as const))('a turn interrupted with Esc on Claude Code %s', (_label, cli) => {
  it('ends as interrupted, and the next prompt runs as usual', async () => {
    const api = await startFakeAnthropic()
    cleanups.push(() => api.close())
    const cwd = mkdtempSync(join(tmpdir(), 'tessera-interrupt-'))
    const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
    const onPath = await claudeFirstOnPath(cli, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
    cleanups.push(() => onPath.dispose())
    const host = createHost({ kind: 'browser', version: 'test', defaultCwd: cwd, dataDir: mkdtempSync(join(tmpdir(), 'tessera-interrupt-data-')), log: captureLog().log, env: onPath.env })
    cleanups.push(() => host.dispose())
    const created = await host.dispatcher.dispatch('pane.create', { kind: 'claude', cwd, cols: 120, rows: 40 }, 'test')
    if (!created.ok) throw new Error(created.error.message)
    const pane = created.value as PaneInfo

    api.enqueue({ stall: true })
    const mark = await host.prompts.submit(pane.id, 'write a long essay', { readyTimeoutMs: READY_MS })
    await api.waitForRequest((request) => request.kind === 'main', READY_MS)
    host.panes.write(pane.id, '\x1b')
    const end = await host.turns.waitForEnd(mark)
    expect(end).toMatchObject({ outcome: 'interrupted', message: expect.stringContaining('without finishing the turn') })

    api.enqueue({ text: 'Short answer.' })
    const next = await host.prompts.submit(pane.id, 'just a line then', { readyTimeoutMs: READY_MS })
    expect(await host.turns.waitForEnd(next)).toMatchObject({ outcome: 'stop', message: 'Short answer.' })
  })
})
