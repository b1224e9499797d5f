import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  claudeArgs,
  claudeEnv,
  clearCliProbes,
  CliRefusedError,
  fitClaudeConfig,
  isFirstPartyApi,
  parseClaudeHelp,
  parseVersion,
  permissionNote,
  probeCli,
  type CliProbe
} from '../../src/main/agents'

// What an installed Claude Code accepts, read from its own --help (captured from 2.1.197 and 2.1.332).

const helpOf = (version: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'claude-help', `${version}.txt`), 'utf8')
const cliOf = (version: string): CliProbe => {
  const capabilities = parseClaudeHelp(helpOf(version))
  if (!capabilities) throw new Error(`cannot parse the ${version} help`)
  return { info: { path: '/opt/claude', version }, capabilities }
}
const SESSION = { sessionId: '00000000-0000-4000-8000-000000000000', resume: false }

describe('parseClaudeHelp', () => {
  it('reads the permission modes each version lists', () => {
    expect(parseClaudeHelp(helpOf('2.1.197'))?.permissionModes).toEqual(['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'])
    expect(parseClaudeHelp(helpOf('2.1.332'))?.permissionModes).toEqual(['acceptEdits', 'auto', 'bypassPermissions', 'manual', 'dontAsk', 'plan'])
  })

  it('finds --autocompact only where it exists, and whether --fallback-model acts interactively', () => {
    const old = parseClaudeHelp(helpOf('2.1.197'))
    const latest = parseClaudeHelp(helpOf('2.1.332'))
    expect([old?.flags.has('--autocompact'), latest?.flags.has('--autocompact')]).toEqual([false, true])
    expect([old?.fallbackModelInteractive, latest?.fallbackModelInteractive]).toEqual([false, true])
    expect(latest?.flags.has('--allowed-tools') && latest.flags.has('--allowedTools')).toBe(true)
  })

  it('refuses a text that is not a Claude Code help', () => {
    expect(parseClaudeHelp('Usage: claude [options]\n\nOptions:\n  --verbose   talk more\n')).toBeUndefined()
    expect(parseClaudeHelp('')).toBeUndefined()
  })

  it('reads the version out of --version', () => {
    expect(parseVersion('2.1.332 (Claude Code)\n')).toBe('2.1.332')
    expect(parseVersion('claude: command failed')).toBeUndefined()
  })
})

describe('fitClaudeConfig', () => {
  it('translates default and manual, the two names of one mode, to the name each version accepts', () => {
    expect(fitClaudeConfig({ permissionMode: 'manual' }, cliOf('2.1.197')).config.permissionMode).toBe('default')
    expect(fitClaudeConfig({ permissionMode: 'default' }, cliOf('2.1.332')).config.permissionMode).toBe('manual')
    expect(fitClaudeConfig({ permissionMode: 'manual' }, cliOf('2.1.332')).config.permissionMode).toBe('manual')
    expect(fitClaudeConfig({ permissionMode: 'manual' }, cliOf('2.1.197')).notes.join()).toMatch(/passed as "default", its name in Claude Code 2.1.197/)
  })

  it('refuses a mode or flag the installed CLI does not accept, naming its version', () => {
    const cli = cliOf('2.1.197')
    const narrowed: CliProbe = { ...cli, capabilities: { ...(cli.capabilities as NonNullable<CliProbe['capabilities']>), permissionModes: ['default', 'plan'] } }
    expect(() => fitClaudeConfig({ permissionMode: 'auto' }, narrowed)).toThrow(CliRefusedError)
    expect(() => fitClaudeConfig({ permissionMode: 'auto' }, narrowed)).toThrow(/Claude Code 2.1.197 does not accept permission mode "auto" \(it accepts: default, plan\)/)
    const noEffort: CliProbe = { ...cli, capabilities: { ...(cli.capabilities as NonNullable<CliProbe['capabilities']>), flags: new Set(['--model']) } }
    expect(() => fitClaudeConfig({ effort: 'high' }, noEffort)).toThrow(/Claude Code 2.1.197 does not accept --effort/)
  })

  it('with capabilities unknown, sends only what every supported version accepts', () => {
    const unknown: CliProbe = { info: { path: '/opt/claude', problem: 'its `--help` could not be read' } }
    expect(fitClaudeConfig({ permissionMode: 'manual', effort: 'high' }, unknown).config).toEqual({ permissionMode: 'default', effort: 'high' })
    expect(fitClaudeConfig({ permissionMode: 'manual' }, undefined).config.permissionMode).toBe('default')
  })

  it('says when a fallback model cannot act in an interactive session', () => {
    expect(fitClaudeConfig({ fallbackModel: 'sonnet,haiku' }, cliOf('2.1.197')).notes.join()).toMatch(/--print mode only/)
    expect(fitClaudeConfig({ fallbackModel: 'sonnet,haiku' }, cliOf('2.1.332')).notes).toEqual([])
  })
})

describe('the context limit', () => {
  it('goes as --autocompact where the CLI has the flag, else as its env variable', () => {
    const latest = cliOf('2.1.332').capabilities
    const old = cliOf('2.1.197').capabilities
    expect(claudeArgs({ contextLimit: 150_000 }, SESSION, latest)).toEqual(expect.arrayContaining(['--autocompact', '150000']))
    expect(claudeEnv({ contextLimit: 150_000 }, latest)).toEqual({})
    expect(claudeArgs({ contextLimit: 150_000 }, SESSION, old)).not.toContain('--autocompact')
    expect(claudeEnv({ contextLimit: 150_000 }, old)).toEqual({ CLAUDE_CODE_AUTO_COMPACT_WINDOW: '150000' })
  })
})

describe('auto mode behind another API', () => {
  it('is noted only for auto mode with a non-first-party base URL', () => {
    expect(isFirstPartyApi(undefined)).toBe(true)
    expect(isFirstPartyApi('https://api.anthropic.com')).toBe(true)
    expect(isFirstPartyApi('http://127.0.0.1:8080')).toBe(false)
    expect(permissionNote('auto', 'http://127.0.0.1:8080', undefined)).toMatch(/Auto mode cannot check actions here.*127\.0\.0\.1:8080/)
    expect(permissionNote('auto', undefined, undefined)).toBeUndefined()
    expect(permissionNote('manual', 'http://127.0.0.1:8080', undefined)).toBeUndefined()
  })
})

describe('probeCli on a bad CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-probe-'))
  const script = (name: string, body: string, mode = 0o755): string => {
    const file = join(dir, name)
    writeFileSync(file, `#!/bin/sh\n${body}\n`)
    chmodSync(file, mode)
    return file
  }
  afterEach(() => clearCliProbes())

  it('reads a version and says when --help cannot be read', async () => {
    const probe = await probeCli('claude', script('prints-version', 'echo "9.9.9 (Claude Code)"'))
    expect(probe.info).toMatchObject({ version: '9.9.9', problem: 'its `--help` could not be read' })
    expect(probe.capabilities).toBeUndefined()
  })

  it('says so for a file that is not executable, or that prints no version', async () => {
    expect((await probeCli('claude', script('not-executable', 'echo 1.0.0', 0o644))).info.problem).toBe('it is not executable')
    expect((await probeCli('claude', script('no-version', 'echo hello'))).info.problem).toMatch(/printed no version number/)
    expect((await probeCli('claude', join(dir, 'missing'))).info.problem).toMatch(/cannot be read/)
  })

  it('gives up on a CLI that hangs, children and all, within its time limit', async () => {
    const started = Date.now()
    const probe = await probeCli('claude', script('hangs', 'sleep 30 & sleep 30'), 300)
    expect(probe.info.problem).toMatch(/did not answer within 0.3 s/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('asks once per binary, and again once the binary changes', async () => {
    const counter = join(dir, 'count')
    const file = script('counted', `echo x >> ${counter}; echo "1.0.0"`)
    await probeCli('codex', file)
    await probeCli('codex', file)
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1)
    // A longer file: two writes within one clock tick can share a modification time.
    writeFileSync(file, `#!/bin/sh\necho x >> ${counter}; echo "1.0.10"\n`)
    expect((await probeCli('codex', file)).info.version).toBe('1.0.10')
  })
})
