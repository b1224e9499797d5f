import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../src/main/host'
import { StateLockError } from '../../src/main/persistence'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import type { Layout } from '../../src/shared/layout'
import { captureLog } from '../support/log-capture'
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process'

// The host keeps the grid in <data dir>/state/workspace.json, and one data dir has one host.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function startHost(dataDir: string): Host {
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: tmpdir(), dataDir, log: captureLog().log })
  cleanups.push(() => host.dispose())
  return host
}

async function call(host: Host, name: string, input: unknown): Promise<unknown> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

const savedLayout = (dataDir: string): Layout => (JSON.parse(readFileSync(join(dataDir, 'state', 'workspace.json'), 'utf8')) as { data: { layout: Layout } }).data.layout

/** Resolves when workspace.json is renamed into place. */
function nextWrite(dataDir: string): Promise<void> {
  return new Promise((done) => {
    const watcher = watch(join(dataDir, 'state'), (_event, name) => {
      if (name !== 'workspace.json') return
      watcher.close()
      done()
    })
  })
}

describe('the workspace state', () => {
  it('writes every layout change by itself, and the last one on dispose', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'))
    const host = startHost(dataDir)
    const written = nextWrite(dataDir)
    const first = (await call(host, 'pane.create', { kind: 'shell', cols: 80, rows: 24 })) as PaneInfo
    await written
    expect(savedLayout(dataDir)).toEqual(host.layout.get())
    await call(host, 'pane.create', { kind: 'shell', cols: 80, rows: 24, beside: { paneId: first.id, edge: 'right' } })
    await call(host, 'layout.zoom', { paneId: first.id })
    const last = host.layout.get()
    expect(last.zoomed).toBe(first.id)
    await host.dispose()
    expect(savedLayout(dataDir)).toEqual(last)
  })

  it('refuses a second host on the same data dir, naming the first', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'))
    startHost(dataDir)
    expect(() => startHost(dataDir)).toThrow(StateLockError)
    expect(() => startHost(dataDir)).toThrow(`pid ${process.pid}`)
  })
})

describe('npm run serve on a data dir in use', () => {
  let first: ServeProcess | undefined
  afterEach(async () => {
    await first?.stop()
  })

  it('stops with a clear message and a non-zero exit', async () => {
    first = await startServe()
    const second = spawn(process.execPath, [join(REPO_ROOT, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', first.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    second.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => second.once('exit', done))
    expect(code).toBe(1)
    expect(stderr).toContain(`Tessera could not start: Another Tessera (pid ${first.child.pid}`)
    expect(stderr).not.toContain('Usage:')
  })
})
