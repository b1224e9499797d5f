import { describe, expect, it } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import type { AgentState } from '../../src/shared/status'
import { acceleratorProblem, registerHotkeys, trayBitmap, trayModel, type HotkeyRegistrar } from '../../src/main/attention'

// The desktop tray and global hotkeys, minus Electron: which icon, which text,
// which pane a click focuses, which shortcuts register and which are reported.

const pane = (id: string, title: string, state?: AgentState, reason?: string): PaneInfo => ({
  id,
  kind: 'claude',
  title,
  cwd: '/p',
  cols: 80,
  rows: 24,
  ...(state ? { status: { state, since: 0, method: 'hooks' as const, ...(reason ? { reason } : {}) } } : {})
})

describe('tray model', () => {
  it('shows the most urgent state and lists the panes that need the user, most urgent first', () => {
    const model = trayModel([pane('a', 'api', 'working'), pane('b', 'web', 'error', 'rate_limit'), pane('c', 'docs', 'waiting', 'permission: Bash'), pane('d', 'sh', 'idle')])
    expect(model.icon).toBe('waiting')
    expect(model.items).toEqual([
      { paneId: 'c', label: 'docs — Waiting for you (permission: Bash)' },
      { paneId: 'b', label: 'web — Error (rate_limit)' }
    ])
    expect(model.tooltip).toBe('Tessera — 1 waiting for you, 1 error, 1 idle, 1 working')
  })

  it.each([
    [['working', 'idle'], 'idle'],
    [['working'], 'working'],
    [['crashed', 'idle'], 'error'],
    [['exited'], 'none'],
    [[], 'none']
  ] as Array<[AgentState[], string]>)('states %j give the %s icon', (states, icon) => {
    expect(trayModel(states.map((state, index) => pane(String(index), `p${index}`, state))).icon).toBe(icon)
  })

  it('draws a round icon: opaque centre, transparent corners, colour per state', () => {
    const waiting = trayBitmap('waiting', 16)
    const pixel = (x: number, y: number): number[] => [...waiting.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 4)]
    expect(waiting).toHaveLength(16 * 16 * 4)
    expect(pixel(8, 8)).toEqual([104, 175, 224, 255])
    expect(pixel(0, 0)[3]).toBe(0)
    expect(trayBitmap('error', 16).equals(waiting)).toBe(false)
  })
})

describe('global hotkeys', () => {
  function registrar(taken: string[] = []): HotkeyRegistrar & { registered: string[]; fire(accelerator: string): void } {
    const callbacks = new Map<string, () => void>()
    return {
      registered: [],
      register(accelerator, callback) {
        if (taken.includes(accelerator)) return false
        this.registered.push(accelerator)
        callbacks.set(accelerator, callback)
        return true
      },
      unregisterAll() {
        this.registered.length = 0
        callbacks.clear()
      },
      fire: (accelerator) => callbacks.get(accelerator)?.()
    }
  }

  it('registers the defaults and runs the action of the key pressed', () => {
    const fake = registrar()
    const fired: string[] = []
    const problems = registerHotkeys(fake, {}, { toggleWindow: () => fired.push('toggle'), nextAttention: () => fired.push('next') })
    expect(problems).toEqual([])
    expect(fake.registered).toEqual(['CommandOrControl+Alt+T', 'CommandOrControl+Alt+N'])
    fake.fire('CommandOrControl+Alt+N')
    expect(fired).toEqual(['next'])
  })

  it('reports a shortcut another app holds, an invalid one and a duplicate, and keeps the rest', () => {
    const noop = { toggleWindow: () => undefined, nextAttention: () => undefined }
    expect(registerHotkeys(registrar(['CommandOrControl+Alt+T']), {}, noop)).toEqual([
      { action: 'toggleWindow', accelerator: 'CommandOrControl+Alt+T', reason: 'another application already uses it' }
    ])
    const invalid = registerHotkeys(registrar(), { toggleWindow: 'T', nextAttention: 'Ctrl+Alt+T' }, noop)
    expect(invalid.map((problem) => problem.action)).toEqual(['toggleWindow'])
    const duplicate = registerHotkeys(registrar(), { toggleWindow: 'Ctrl+Alt+J', nextAttention: 'Ctrl+Alt+J' }, noop)
    expect(duplicate).toEqual([{ action: 'nextAttention', accelerator: 'Ctrl+Alt+J', reason: 'already used for toggleWindow' }])
  })

  it.each([
    ['CommandOrControl+Shift+Space', undefined],
    ['Alt+F12', undefined],
    ['Q', /needs a modifier/],
    ['Hyper+Q', /"Hyper" .* is not a modifier/],
    ['Ctrl+Banana', /"Banana" .* is not a key/]
  ])('checks the accelerator %s', (accelerator, problem) => {
    const found = acceleratorProblem(accelerator)
    if (problem) expect(found).toMatch(problem)
    else expect(found).toBeUndefined()
  })
})
