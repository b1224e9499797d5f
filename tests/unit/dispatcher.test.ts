import { describe, expect, it } from 'vitest'
import { BridgeDispatcher, HostError, type CallHandlers } from '../../src/main/bridge'
import { captureLog } from '../support/log-capture'

const PANE = '6f1c9f7e-3b7a-4c55-9a0e-1f2d3c4b5a69'
const paneInfo = { id: PANE, kind: 'shell' as const, title: 't', cwd: '/', cols: 80, rows: 24 }

const notUsed = (): never => {
  throw new Error('not used here')
}

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  return {
    'app.info': () => ({ version: '1.0.0', platform: 'linux', host: 'browser', defaultCwd: '/' }),
    'agents.list': () => [],
    'pane.list': () => [],
    'pane.create': () => paneInfo,
    'pane.restart': () => paneInfo,
    'pane.attach': () => ({ pane: paneInfo, backlog: '', end: 0 }),
    'pane.shown': () => null,
    'pane.ack': () => null,
    'pane.write': () => null,
    'pane.resize': () => null,
    'pane.release': () => null,
    'pane.close': () => null,
    'pane.foregroundJob': () => ({ job: null }),
    'pane.setModel': () => paneInfo,
    'pane.setAutoRestart': () => paneInfo,
    'autoRestart.get': () => ({ enabled: true }),
    'autoRestart.set': () => null,
    'recovery.report': () => ({ restoredPanes: 0, problems: [] }),
    'restoreOnStart.get': () => ({ enabled: true }),
    'restoreOnStart.set': () => null,
    'costs.report': () => {
      throw new Error('not used here')
    },
    'costs.settings': () => ({ prices: [], dailyBudget: null, defaults: [] }),
    'costs.setPrices': () => null,
    'costs.setDailyBudget': () => null,
    'pane.setBudget': () => {
      throw new Error('not used here')
    },
    'presets.list': () => ({ presets: [], problems: [] }),
    'presets.save': () => ({ name: 'p', kind: 'claude', config: {}, origin: 'user' }),
    'presets.delete': () => null,
    'workspace.get': ({ folder }) => ({ folder, defaults: {}, problems: [] }),
    'workspace.set': () => null,
    'folders.get': () => ({ workspace: '/', recent: [] }),
    'folders.setWorkspace': () => null,
    'folders.complete': () => [],
    'folders.choose': () => ({ folder: null }),
    'layout.get': () => ({ root: null, zoomed: null }),
    'layout.resize': () => null,
    'layout.equalize': () => null,
    'layout.zoom': () => null,
    'layout.move': () => null,
    'layout.swap': () => null,
    'tasks.list': () => [],
    'tasks.get': notUsed,
    'tasks.create': notUsed,
    'tasks.update': notUsed,
    'tasks.start': notUsed,
    'tasks.advance': notUsed,
    'tasks.pause': notUsed,
    'tasks.resume': notUsed,
    'tasks.restartAgent': notUsed,
    'tasks.fail': notUsed,
    'tasks.reopen': notUsed,
    'tasks.complete': notUsed,
    'tasks.delete': () => null,
    'tasks.cleanup': notUsed,
    'tasks.changes': notUsed,
    'tasks.repo': ({ folder }) => ({ folder, isRepo: false, branches: [], current: null }),
    'tasks.settings': notUsed,
    'tasks.setSettings': () => null,
    ...overrides
  }
}

describe('BridgeDispatcher', () => {
  it('answers a valid call with the handler value', async () => {
    const { log } = captureLog()
    const result = await new BridgeDispatcher(handlers(), log).dispatch('app.info', {}, 'test')
    expect(result).toEqual({ ok: true, value: { version: '1.0.0', platform: 'linux', host: 'browser', defaultCwd: '/' } })
  })

  it('hands the handler the parsed input, defaults applied', async () => {
    const { log } = captureLog()
    let seen: unknown
    const dispatcher = new BridgeDispatcher(handlers({ 'pane.create': (input) => ((seen = input), paneInfo) }), log)
    await dispatcher.dispatch('pane.create', { cols: 80, rows: 24 }, 'test')
    expect(seen).toEqual({ kind: 'shell', cols: 80, rows: 24 })
  })

  it("hands the handler the caller's client id, the origin when the transport names none", async () => {
    const { log } = captureLog()
    const seen: string[] = []
    const dispatcher = new BridgeDispatcher(handlers({ 'pane.release': (_input, clientId) => (seen.push(clientId), null) }), log)
    await dispatcher.dispatch('pane.release', { paneId: PANE }, 'ws', 'ws:tab-1')
    await dispatcher.dispatch('pane.release', { paneId: PANE }, 'test')
    expect(seen).toEqual(['ws:tab-1', 'test'])
  })

  it('refuses an unknown call and logs it', async () => {
    const { log, entries } = captureLog()
    const result = await new BridgeDispatcher(handlers(), log).dispatch('pane.explode', {}, 'test')
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } })
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'rejected unknown call' }))
  })

  it.each([
    ['pane.write', { paneId: 'not-a-uuid', data: 'x' }, 'paneId'],
    ['pane.resize', { paneId: PANE, cols: 0, rows: 24 }, 'cols'],
    ['pane.create', { cols: 80, rows: 24, temperature: 1 }, 'temperature'],
    ['pane.close', 'just a string', '(root)']
  ])('refuses invalid input for %s and names the field', async (name, input, field) => {
    const { log, entries } = captureLog()
    let called = false
    const all = handlers()
    const spy = new BridgeDispatcher(
      Object.fromEntries(Object.entries(all).map(([k, fn]) => [k, (i: never) => ((called = true), (fn as unknown as (i: never) => unknown)(i))])) as unknown as CallHandlers,
      log
    )
    const result = await spy.dispatch(name, input, 'test')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_input')
    expect(result.error.message).toContain(field)
    expect(called).toBe(false)
    expect(entries.some((e) => e.message === 'rejected invalid input')).toBe(true)
  })

  it('turns a HostError into its typed reply', async () => {
    const { log } = captureLog()
    const dispatcher = new BridgeDispatcher(
      handlers({
        'pane.close': () => {
          throw new HostError('not_found', 'No pane with id x')
        }
      }),
      log
    )
    expect(await dispatcher.dispatch('pane.close', { paneId: PANE }, 'test')).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No pane with id x' }
    })
  })

  it('turns an unexpected throw into a failed reply and logs it', async () => {
    const { log, entries } = captureLog()
    const dispatcher = new BridgeDispatcher(
      handlers({
        'pane.list': async () => {
          throw new Error('disk on fire')
        }
      }),
      log
    )
    const result = await dispatcher.dispatch('pane.list', {}, 'test')
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'pane.list failed: disk on fire' } })
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', message: 'call failed' }))
  })
})
