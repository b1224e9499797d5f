import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Terminal } from '@xterm/xterm'
import { syncViewportOncePerFrame } from '../../src/renderer/src/terminal/viewport-sync'

/** A stand-in for xterm.js' private Viewport, recording what reached the real sync. */
function fakeTerminal(): { term: Terminal; viewport: { _sync(ydisp?: number): void }; synced: (number | undefined)[] } {
  const synced: (number | undefined)[] = []
  const viewport = { _sync: (ydisp?: number): void => void synced.push(ydisp) }
  return { term: { _core: { _viewport: viewport } } as unknown as Terminal, viewport, synced }
}

let frames: (() => void)[] = []
const runFrame = (): void => frames.splice(0).forEach((callback) => callback())

afterEach(() => {
  vi.unstubAllGlobals()
  frames = []
})

describe('syncViewportOncePerFrame', () => {
  it('turns the syncs of many scrolled lines into one at the next frame, at the position of that moment', () => {
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
    const { term, viewport, synced } = fakeTerminal()
    expect(syncViewportOncePerFrame(term)).toBe(true)
    for (let line = 0; line < 500; line++) viewport._sync()
    expect(synced).toEqual([])
    runFrame()
    expect(synced).toEqual([undefined]) // no position: xterm.js reads the buffer's own
    viewport._sync()
    runFrame()
    expect(synced).toHaveLength(2)
  })

  it('passes a sync to a given position through at once', () => {
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
    const { term, viewport, synced } = fakeTerminal()
    syncViewportOncePerFrame(term)
    viewport._sync(42)
    expect(synced).toEqual([42])
  })

  it('changes nothing when the private shape is not there (another xterm.js version)', () => {
    expect(syncViewportOncePerFrame({ _core: {} } as unknown as Terminal)).toBe(false)
    expect(syncViewportOncePerFrame({} as unknown as Terminal)).toBe(false)
  })
})
