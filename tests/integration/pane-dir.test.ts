import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { captureLog } from '../support/log-capture'

// `<data dir>/panes/<id>/` holds a pane's own files. Closing a pane for good removes it (20
// folders for 2 live panes were seen); quitting keeps them for the panes a restart brings back.

const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  scratch.push(dir)
  return dir
}

async function call(host: Host, name: string, input: unknown): Promise<unknown> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

describe('per-pane folders', () => {
  it('go with a closed pane and stay on host shutdown', async () => {
    const dataDir = temp('tessera-data-')
    const host = createHost({ kind: 'browser', version: 'test', defaultCwd: temp('tessera-cwd-'), dataDir, log: captureLog().log })
    const create = (): Promise<PaneInfo> => call(host, 'pane.create', { kind: 'shell', cols: 80, rows: 24 }) as Promise<PaneInfo>
    const closed = await create()
    const kept = await create()
    const folder = (pane: PaneInfo): string => join(dataDir, 'panes', pane.id)
    expect(existsSync(join(folder(closed), 'agent-config.json'))).toBe(true)
    expect(existsSync(join(folder(kept), 'agent-config.json'))).toBe(true)

    await call(host, 'pane.close', { paneId: closed.id })
    expect(existsSync(folder(closed))).toBe(false)
    expect(existsSync(folder(kept))).toBe(true)

    await host.dispose()
    expect(existsSync(folder(kept))).toBe(true)
  })
})
