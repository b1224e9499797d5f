import { afterEach, describe, expect, it, vi } from 'vitest'
import { Backlog, OutputBatcher, paneEnvironment, resolveUserShell } from '../../src/main/pty'

describe('OutputBatcher', () => {
  afterEach(() => vi.useRealTimers())

  it('coalesces chunks that arrive within the interval into one frame', () => {
    vi.useFakeTimers()
    const frames: string[] = []
    const batcher = new OutputBatcher((data) => frames.push(data), 5, 1000)
    batcher.push('a')
    batcher.push('b')
    expect(frames).toEqual([])
    vi.advanceTimersByTime(5)
    expect(frames).toEqual(['ab'])
    batcher.push('c')
    vi.advanceTimersByTime(5)
    expect(frames).toEqual(['ab', 'c'])
  })

  it('sends output after a quiet interval on the next turn, and batches output that follows a frame closely', () => {
    vi.useFakeTimers()
    const frames: string[] = []
    const batcher = new OutputBatcher((data) => frames.push(data), 5, 1000)
    batcher.push('echo')
    vi.advanceTimersByTime(0)
    expect(frames).toEqual(['echo'])
    vi.advanceTimersByTime(1)
    batcher.push('a') // 1 ms after a frame: a flood, batched for the interval
    vi.advanceTimersByTime(4)
    expect(frames).toEqual(['echo'])
    vi.advanceTimersByTime(1)
    expect(frames).toEqual(['echo', 'a'])
  })

  it('sends output after a quiet interval in the same turn of the event loop, not after a 1 ms timer', async () => {
    const frames: string[] = []
    const batcher = new OutputBatcher((data) => frames.push(data), 5, 1000)
    batcher.push('echo')
    expect(frames).toEqual([])
    await new Promise((resolve) => setImmediate(resolve)) // queued after the batcher's own
    expect(frames).toEqual(['echo'])
  })

  it('flushes at once when a frame reaches its size cap', () => {
    vi.useFakeTimers()
    const frames: string[] = []
    const batcher = new OutputBatcher((data) => frames.push(data), 5, 4)
    batcher.push('ab')
    batcher.push('cd')
    expect(frames).toEqual(['abcd'])
    vi.advanceTimersByTime(10)
    expect(frames).toEqual(['abcd'])
  })

  it('drain() sends what is pending and nothing when empty', () => {
    const frames: string[] = []
    const batcher = new OutputBatcher((data) => frames.push(data))
    batcher.drain()
    batcher.push('x')
    batcher.drain()
    expect(frames).toEqual(['x'])
  })
})

describe('Backlog', () => {
  it('keeps the newest output up to its cap', () => {
    const backlog = new Backlog(10)
    backlog.append('0123456789')
    backlog.append('abc')
    expect(backlog.text()).toBe('3456789abc')
  })

  it('keeps everything below the cap', () => {
    const backlog = new Backlog(100)
    backlog.append('one ')
    backlog.append('two')
    expect(backlog.text()).toBe('one two')
  })
})

describe('shell resolution', () => {
  it('prefers $SHELL as a login shell', () => {
    expect(resolveUserShell({ SHELL: '/bin/sh' }, 'linux')).toEqual({ file: '/bin/sh', args: ['-l'] })
  })

  it('falls back when $SHELL is missing or not executable', () => {
    expect(resolveUserShell({ SHELL: '/nonexistent/zsh' }, 'linux').file).toMatch(/^\/bin\/(ba)?sh$/)
    expect(resolveUserShell({}, 'linux').file).toMatch(/^\/bin\/(ba)?sh$/)
  })

  it('gives panes a terminal identity and keeps Tessera secrets out', () => {
    const env = paneEnvironment({ PATH: '/bin', TERM: 'dumb', TESSERA_DATA_DIR: '/x' })
    expect(env).toMatchObject({ PATH: '/bin', TERM: 'xterm-256color', COLORTERM: 'truecolor' })
    expect(env).not.toHaveProperty('TESSERA_DATA_DIR')
  })
})
