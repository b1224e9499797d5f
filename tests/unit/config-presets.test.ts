import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkAgentConfig } from '../../src/shared/agent-config'
import { HostError } from '../../src/main/bridge'
import { BUILTIN_PRESETS, buildCatalog, ConfigService, SettingsStore } from '../../src/main/config'
import { captureLog } from '../support/log-capture'

const stores: SettingsStore[] = []
afterEach(() => stores.splice(0).forEach((store) => store.dispose()))

function service(settingsJson?: string): { config: ConfigService; store: SettingsStore; dir: string; entries: ReturnType<typeof captureLog>['entries'] } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-settings-'))
  if (settingsJson !== undefined) writeFileSync(join(dir, 'settings.json'), settingsJson)
  const { log, entries } = captureLog()
  const store = new SettingsStore(dir, log)
  stores.push(store)
  return { config: new ConfigService(store, log), store, dir, entries }
}

function refusal(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).code).toBe('invalid_input')
    return (error as HostError).message
  }
  throw new Error('expected a refusal')
}

describe('agent config schemas', () => {
  it('names a field the agent cannot honour instead of dropping it', () => {
    const result = checkAgentConfig('claude', { model: 'opus', temperature: 0.2 })
    expect(result).toMatchObject({ ok: false })
    expect(!result.ok && result.message).toContain('Claude Code does not support "temperature"')
  })

  it('refuses a context limit below the 100k floor Claude Code applies', () => {
    const result = checkAgentConfig('claude', { contextLimit: 50_000 })
    expect(!result.ok && result.message).toContain('cannot go below 100000 tokens')
  })

  it('refuses Claude-only fields for Codex and Gemini', () => {
    expect(checkAgentConfig('codex', { isolation: 'isolated' })).toMatchObject({ ok: false })
    expect(checkAgentConfig('gemini', { effort: 'high' })).toMatchObject({ ok: false })
    expect(checkAgentConfig('codex', { model: 'gpt-5-codex', effort: 'high' })).toMatchObject({ ok: true })
  })

  it.each(['opus', 'sonnet', 'haiku', 'opusplan', 'fable', 'claude-sonnet-5', 'claude-opus-4-8[1m]', 'sonnet[1m]'])('accepts the Claude model %s', (model) => {
    expect(checkAgentConfig('claude', { model })).toMatchObject({ ok: true })
  })

  it.each(['gpt-5', 'Opus', 'sonnet 5', '', 'claude-'])('refuses the Claude model %j with a hint', (model) => {
    const result = checkAgentConfig('claude', { model })
    expect(!result.ok && result.message).toMatch(/model: Unknown model .* for Claude Code: use an alias/)
  })
})

describe('preset catalog', () => {
  it('ships the four built-ins with their models and context limits', () => {
    const { presets } = buildCatalog([])
    const byName = Object.fromEntries(presets.map((preset) => [preset.name, preset.config]))
    expect(byName).toEqual({
      'haiku-worker': { model: 'haiku', contextLimit: 100_000 },
      'sonnet-default': { model: 'sonnet', contextLimit: 150_000 },
      'opus-heavy': { model: 'opus', contextLimit: 200_000, effort: 'high' },
      'haiku-minimal': { model: 'haiku', contextLimit: 100_000 }
    })
    expect(presets.every((preset) => preset.origin === 'builtin')).toBe(true)
  })

  it('reports a broken user preset by name with the reason, and loads the rest', () => {
    const { presets, problems } = buildCatalog([
      { name: 'good-one', config: { model: 'sonnet' } },
      { name: 'hot', config: { model: 'opus', temperature: 1 } },
      { name: 'bad-model', config: { model: 'gpt-4' } },
      42
    ])
    expect(presets.map((preset) => preset.name)).toContain('good-one')
    expect(problems.map((problem) => problem.subject)).toEqual(['hot', 'bad-model', 'preset #4'])
    expect(problems[0]?.reason).toContain('"temperature"')
    expect(problems[1]?.reason).toContain('Unknown model "gpt-4"')
    expect(presets).toHaveLength(BUILTIN_PRESETS.length + 1)
  })

  it('lets a user preset shadow a built-in of the same name', () => {
    const { presets } = buildCatalog([{ name: 'haiku-worker', config: { model: 'sonnet' } }])
    const matches = presets.filter((preset) => preset.name === 'haiku-worker')
    expect(matches).toEqual([{ name: 'haiku-worker', kind: 'claude', config: { model: 'sonnet' }, origin: 'shadowing' }])
  })
})

describe('ConfigService', () => {
  it('saves, renames, duplicates and deletes user presets; built-ins cannot be deleted', () => {
    const { config } = service()
    config.savePreset({ name: 'reviewer', kind: 'claude', config: { model: 'sonnet', effort: 'high' } })
    config.savePreset({ name: 'reviewer-copy', kind: 'claude', config: { model: 'sonnet', effort: 'high' } })
    config.savePreset({ name: 'critic', kind: 'claude', config: { model: 'opus' }, replaces: 'reviewer' })
    const names = (): string[] => config.presets().presets.filter((preset) => preset.origin !== 'builtin').map((preset) => preset.name)
    expect(names().sort()).toEqual(['critic', 'reviewer-copy'])
    config.deletePreset('critic')
    expect(names()).toEqual(['reviewer-copy'])
    expect(refusal(() => config.deletePreset('opus-heavy'))).toContain('built in and cannot be deleted')
  })

  it('deleting a shadowing preset brings the built-in back', () => {
    const { config } = service()
    config.savePreset({ name: 'opus-heavy', kind: 'claude', config: { model: 'sonnet' } })
    expect(config.presets().presets.find((preset) => preset.name === 'opus-heavy')?.config).toEqual({ model: 'sonnet' })
    config.deletePreset('opus-heavy')
    expect(config.presets().presets.find((preset) => preset.name === 'opus-heavy')?.origin).toBe('builtin')
  })

  it('refuses an invalid preset on save with the field named', () => {
    const { config } = service()
    expect(refusal(() => config.savePreset({ name: 'x', kind: 'claude', config: { temperature: 1 } }))).toContain('"temperature"')
    expect(config.presets().presets.some((preset) => preset.name === 'x')).toBe(false)
  })

  it('resolves a pane from the workspace default of its project folder, a preset and an override', () => {
    const { config, dir } = service()
    const project = join(dir, 'project')
    mkdirSync(join(project, 'sub'), { recursive: true })
    config.setWorkspaceDefault(project, 'claude', { model: 'sonnet', permissionMode: 'plan' })
    const { resolved, preset } = config.resolvePane({ kind: 'claude', cwd: join(project, 'sub'), preset: 'opus-heavy', model: 'haiku' })
    expect(preset).toBe('opus-heavy')
    expect(resolved.config).toMatchObject({ model: 'haiku', permissionMode: 'plan', effort: 'high', contextLimit: 200_000 })
    expect(resolved.sources.permissionMode).toEqual({ level: 'workspace' })
  })

  it('refuses bad pane requests with clear messages', () => {
    const { config } = service()
    const cwd = tmpdir()
    expect(refusal(() => config.resolvePane({ kind: 'claude', cwd, preset: ['haiku-worker', 'opus-heavy'] }))).toBe(
      'Choose one preset, not 2 (haiku-worker, opus-heavy)'
    )
    expect(refusal(() => config.resolvePane({ kind: 'claude', cwd, preset: 'nope' }))).toMatch(/^Unknown preset "nope" \(known: haiku-worker/)
    expect(refusal(() => config.resolvePane({ kind: 'codex', cwd, preset: 'haiku-worker' }))).toBe('Preset "haiku-worker" is for claude, not codex')
    expect(refusal(() => config.resolvePane({ kind: 'claude', cwd, model: 'gpt-5' }))).toContain('Unknown model "gpt-5" for Claude Code')
    expect(refusal(() => config.resolvePane({ kind: 'shell', cwd, model: 'opus' }))).toBe('a shell pane has no model')
    expect(refusal(() => config.resolvePane({ kind: 'claude', cwd, config: { temperature: 0 } }))).toContain('Pane config is invalid')
  })

  it('a broken user preset is refused by name with its reason', () => {
    const { config } = service(JSON.stringify({ presets: [{ name: 'hot', config: { temperature: 2 } }] }))
    expect(refusal(() => config.resolvePane({ kind: 'claude', cwd: tmpdir(), preset: 'hot' }))).toContain('Preset "hot" is broken')
  })
})

describe('SettingsStore', () => {
  it('keeps a corrupt settings file as a backup, reports it and starts from defaults', () => {
    const { config, store, dir, entries } = service('{"presets": [oops')
    const backups = readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-'))
    expect(backups).toHaveLength(1)
    expect(readFileSync(join(dir, backups[0] ?? ''), 'utf8')).toBe('{"presets": [oops')
    const { presets, problems } = config.presets()
    expect(presets).toHaveLength(BUILTIN_PRESETS.length)
    expect(problems[0]?.reason).toMatch(/could not be read .* kept as .*settings\.json\.corrupt-/)
    expect(entries.some((entry) => entry.message === 'settings file set aside')).toBe(true)
    config.savePreset({ name: 'after', kind: 'claude', config: { model: 'haiku' } })
    expect(JSON.parse(readFileSync(store.path, 'utf8')).presets).toHaveLength(1)
  })

  it('sets aside a file of the wrong shape the same way', () => {
    const { config, dir } = service(JSON.stringify({ presets: 'not a list' }))
    expect(config.presets().problems).toHaveLength(1)
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true)
  })

  it('survives a file broken by hand while running: the watcher reports it, the next read sets it aside', async () => {
    const { config, store, dir } = service()
    const nextChange = (): Promise<void> =>
      new Promise((resolve) => {
        const stop = store.onChange(() => (stop(), resolve()))
      })
    config.savePreset({ name: 'mine', kind: 'claude', config: { model: 'haiku' } })
    // conf reported its own save at once; the folder watcher reports it too, a moment later.
    await nextChange()
    const noticed = nextChange()
    writeFileSync(store.path, '{"presets": [oops')
    await noticed
    expect(config.presets().presets.some((preset) => preset.name === 'mine')).toBe(false)
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true)
  })

  it('notices a file corrupted while running', () => {
    const { config, store, dir } = service()
    config.savePreset({ name: 'mine', kind: 'claude', config: { model: 'haiku' } })
    writeFileSync(store.path, 'garbage')
    expect(config.presets().presets.some((preset) => preset.name === 'mine')).toBe(false)
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true)
    expect(existsSync(store.path)).toBe(true)
  })
})
