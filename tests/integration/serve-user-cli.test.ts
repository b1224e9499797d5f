import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BridgeClient } from '../support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, isIdleAtPrompt, prepareClaudeConfigDir, submitPrompt } from '../support/claude-harness.ts'
import { CLAUDE_CLIS, REPO_ROOT, type ClaudeCli } from '../support/claude-versions.ts'
import { startFakeAnthropic } from '../support/fake-anthropic.ts'
import { startNpmServe } from '../support/npm-serve.ts'
import { HeadlessScreen } from '../support/screen.ts'

// `npm run serve` puts Tessera's node_modules/.bin (and its pinned test copy of Claude Code)
// first on PATH. The user's own claude, earlier on the PATH they started npm with, must win.

const WAIT_MS = 30_000

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An installed CLI other than the one npm linked as node_modules/.bin/claude: the "user's". */
function usersCli(): ClaudeCli {
  const linked = realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'claude'))
  const other = CLAUDE_CLIS.find((cli) => realpathSync(cli.bin) !== linked)
  if (!other) throw new Error(`Every CLI under test is the one npm linked (${linked}); this test needs another`)
  return other
}

describe('npm run serve with a claude of the user’s own', () => {
  it('runs the claude on the user’s PATH, not the one npm puts first', async () => {
    const cli = usersCli()
    const api = await startFakeAnthropic()
    cleanups.push(() => api.close())
    const scratch = mkdtempSync(join(tmpdir(), 'tessera-user-cli-'))
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
    const userBin = join(scratch, 'bin')
    const cwd = join(scratch, 'project')
    for (const dir of [userBin, cwd]) mkdirSync(dir)
    symlinkSync(cli.bin, join(userBin, 'claude'))
    const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [cwd] })
    const env = { ...claudeEnv(api.url, FAKE_API_KEY, configDir), PATH: `${userBin}${delimiter}${process.env.PATH ?? ''}` }
    const served = await startNpmServe(join(scratch, 'data'), env)
    cleanups.push(() => served.stop())
    const { port, token } = served
    const bridge = await BridgeClient.connect({ port, token, origin: `http://127.0.0.1:${port}` })
    cleanups.push(() => bridge.close())

    const claude = (await bridge.call('agents.list', {})).find((agent) => agent.kind === 'claude')
    expect(claude).toMatchObject({ command: join(userBin, 'claude'), version: cli.version })

    const screen = new HeadlessScreen({ cols: 110, rows: 36 })
    cleanups.push(() => screen.dispose())
    // A write still parsing at teardown acks over a closed bridge; that ack has nobody left to serve.
    const ack = (paneId: string, chars: number): Promise<unknown> => bridge.call('pane.ack', { paneId, chars }).catch(() => undefined)
    bridge.on('pane.data', ({ data, paneId }) => void screen.write(data).then(() => ack(paneId, data.length)))
    const pane = await bridge.call('pane.create', { kind: 'claude', cwd, cols: 110, rows: 36 })
    expect(pane.agent?.cli).toMatchObject({ path: join(userBin, 'claude'), version: cli.version })
    await screen.waitFor(isIdleAtPrompt, WAIT_MS, 'the prompt')
    api.enqueue({ text: 'Hello from the fake API.' })
    await submitPrompt(screen, (data) => void bridge.call('pane.write', { paneId: pane.id, data }), 'hello')
    const request = await api.waitForRequest((recorded) => recorded.kind === 'main', WAIT_MS)
    expect(request.headers['user-agent']).toContain(`claude-cli/${cli.version}`)
  })
})
