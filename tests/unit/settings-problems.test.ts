import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigService, SettingsStore } from '../../src/main/config'
import { captureLog } from '../support/log-capture'

// What the settings dialog reports stays true: a settings file that was set aside
// stops being reported once the file holds good settings again, and a workspace
// default the host skips is reported to the tab that shows it, not only logged.

const stores: SettingsStore[] = []
afterEach(() => stores.splice(0).forEach((store) => store.dispose()))

function service(settingsJson?: string): { config: ConfigService; store: SettingsStore } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-settings-'))
  if (settingsJson !== undefined) writeFileSync(join(dir, 'settings.json'), settingsJson)
  const store = new SettingsStore(dir, captureLog().log)
  stores.push(store)
  return { config: new ConfigService(store, captureLog().log), store }
}

const nextChange = (store: SettingsStore): Promise<void> =>
  new Promise((resolve) => {
    const stop = store.onChange(() => (stop(), resolve()))
  })

describe('the settings file report', () => {
  it('stands while the file holds only the empty defaults written in its place', async () => {
    const { config, store } = service('{"presets": [oops')
    expect(config.presets().problems.map((problem) => problem.subject)).toEqual(['settings file'])
    const noticed = nextChange(store)
    writeFileSync(store.path, '{}')
    await noticed
    expect(config.presets().problems.map((problem) => problem.subject)).toEqual(['settings file'])
  })

  it('clears once the file is fixed by hand', async () => {
    const { config, store } = service('{"presets": [oops')
    expect(config.presets().problems).toHaveLength(1)
    const noticed = nextChange(store)
    writeFileSync(store.path, JSON.stringify({ presets: [{ name: 'fixed', kind: 'claude', config: { model: 'haiku' } }] }))
    await noticed
    const { presets, problems } = config.presets()
    expect(problems).toEqual([])
    expect(presets.some((preset) => preset.name === 'fixed')).toBe(true)
  })

  it('clears once a save writes good settings over it', () => {
    const { config } = service('not json')
    expect(config.presets().problems).toHaveLength(1)
    config.savePreset({ name: 'after', kind: 'claude', config: { model: 'haiku' } })
    expect(config.presets().problems).toEqual([])
  })
})

describe('workspace problems', () => {
  it('names each stored default that is skipped, with why, and leaves the good ones in use', () => {
    const folder = '/home/user/project'
    const { config } = service(JSON.stringify({ workspaces: { [folder]: { claude: { model: 'opus', temperature: 1 }, codex: { model: 'gpt-5' } } } }))
    expect(config.workspaceProblems(folder)).toEqual([{ kind: 'claude', reason: expect.stringContaining('Claude Code does not support "temperature"') }])
    expect(config.workspaceDefaults(folder)).toEqual({ codex: { model: 'gpt-5' } })
    expect(config.workspaceProblems('/elsewhere')).toEqual([])
  })

  it('forgets a skipped default once it is cleared', () => {
    const folder = '/home/user/project'
    const { config } = service(JSON.stringify({ workspaces: { [folder]: { claude: { temperature: 1 } } } }))
    config.setWorkspaceDefault(folder, 'claude', {})
    expect(config.workspaceProblems(folder)).toEqual([])
  })
})
