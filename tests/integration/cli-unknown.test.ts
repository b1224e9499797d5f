import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentAvailability, CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'

// A `claude` on PATH that Tessera cannot read (no version, a --help that hangs) or that
// lacks a flag the pane's config needs: the host stays responsive, says what it knows,
// launches with what every supported version accepts, and refuses what this CLI cannot take.

const cleanups: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A folder with one executable `claude` script, and a host whose PATH starts there. */
function hostWithClaude(script: string): { host: Host; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-fake-claude-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'claude'), `#!/bin/sh\n${script}\n`)
  chmodSync(join(bin, 'claude'), 0o755)
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: dir, dataDir: join(dir, 'data'), log: captureLog().log, env })
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => host.dispose())
  return { host, dir }
}

async function call<T>(host: Host, name: string, input: unknown): Promise<T> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

describe('a Claude Code whose version or flags cannot be read', () => {
  it('keeps the picker answering, launches with the portable flags and says its capabilities are unknown', async () => {
    // Prints no version, hangs on --help, and otherwise records its arguments and waits.
    const { host, dir } = hostWithClaude(`case "$1" in --version) echo "no version here";; --help) exec sleep 60;; *) echo "ARGS $@"; exec sleep 60;; esac`)
    const screens = new HostScreens(host)
    cleanups.push(() => screens.dispose())
    const agents = await call<AgentAvailability[]>(host, 'agents.list', {})
    expect(agents.find((agent) => agent.kind === 'claude')).toMatchObject({ available: true, command: join(dir, 'bin', 'claude') })

    const pane = await call<PaneInfo>(host, 'pane.create', { kind: 'claude', config: { permissionMode: 'manual' }, cols: 80, rows: 24 })
    expect(pane.error).toBeUndefined()
    expect(pane.agent?.cli?.problem).toMatch(/printed no version number.*did not answer within 5 s/)
    await screens.screen(pane.id).waitForText(/ARGS .*--session-id/, 10_000)
    // `manual` is 2.1.33x's name; every supported version accepts `default`.
    expect(screens.screen(pane.id).text()).toMatch(/--permission-mode default\b/)
  })

  it('refuses a config value this CLI does not accept, naming its version, and starts nothing', async () => {
    const help = readFileSync(join(__dirname, '..', 'fixtures', 'claude-help', '2.1.197.txt'), 'utf8').replace(/^ {2}--effort .*$/m, '')
    const { host, dir } = hostWithClaude(`case "$1" in --version) echo "9.0.0 (Claude Code)";; --help) cat <<'HELP'\n${help}\nHELP\n;; *) exec sleep 60;; esac`)
    const result: CallResult = await host.dispatcher.dispatch('pane.create', { kind: 'claude', config: { effort: 'high' }, cols: 80, rows: 24 }, 'test')
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Claude Code 9\.0\.0 does not accept --effort/) } })
    expect(host.panes.list()).toEqual([])
    const accepted = await call<PaneInfo>(host, 'pane.create', { kind: 'claude', config: { permissionMode: 'default' }, cols: 80, rows: 24 })
    expect(accepted.agent?.cli).toEqual({ path: join(dir, 'bin', 'claude'), version: '9.0.0' })
  })
})
