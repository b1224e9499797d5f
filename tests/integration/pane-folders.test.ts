import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, PaneInfo } from '../../src/shared/bridge'
import { createHost, type Host } from '../../src/main/host'
import { createConditionWaiter } from '../support/condition-waiter.ts'
import { HostScreens } from '../support/host-screens.ts'
import { captureLog } from '../support/log-capture.ts'

// Where panes run: the workspace folder by default, a chosen one, the folder a shell
// `cd`s to (read from /proc once its output goes quiet, or from OSC 7) for the header
// and for splits, and a folder deleted under a pane never ending it by surprise.


let host: Host | undefined
let screens: HostScreens | undefined
const scratch: string[] = []
afterEach(async () => {
  screens?.dispose()
  await host?.dispose()
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function folder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tessera-folder-')))
  scratch.push(dir)
  return dir
}

/** A host whose login shells (bash, a HOME of their own) show a known prompt. */
function start(workspace: string): Host {
  const home = folder()
  writeFileSync(join(home, '.bash_profile'), "PS1='folders$ '\n")
  const env = { ...process.env, HOME: home, SHELL: '/bin/bash' }
  const started = createHost({ kind: 'browser', version: 'test', defaultCwd: workspace, dataDir: folder(), log: captureLog().log, env })
  host = started
  screens = new HostScreens(started)
  return started
}

async function call<T>(name: string, input: unknown): Promise<CallResult<T>> {
  if (!host) throw new Error('no host')
  return (await host.dispatcher.dispatch(name, input, 'test')) as CallResult<T>
}

async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await call<T>(name, input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

const info = (paneId: string): PaneInfo | undefined => host?.panes.list().find((pane) => pane.id === paneId)

/** Resolves once the pane's info (as panes.changed broadcasts it) satisfies `check`. */
async function paneBecomes(paneId: string, check: (pane: PaneInfo) => boolean): Promise<PaneInfo> {
  const waiter = createConditionWaiter()
  const stop = host?.events.subscribe((name) => name === 'panes.changed' && waiter.notify())
  await waiter.until(() => {
    const pane = info(paneId)
    return !!pane && check(pane)
  })
  stop?.()
  return info(paneId) as PaneInfo
}

async function shell(extra: Record<string, unknown> = {}): Promise<PaneInfo> {
  const pane = await ok<PaneInfo>('pane.create', { kind: 'shell', cols: 100, rows: 30, ...extra })
  await screens?.screen(pane.id).waitForText('folders$')
  return pane
}

async function run(paneId: string, command: string, shows: string | RegExp): Promise<void> {
  host?.panes.write(paneId, `${command}\r`)
  await screens?.screen(paneId).waitForText(shows)
}

describe('pane folders', () => {
  it('starts in the workspace folder or a chosen one, and remembers the chosen ones as recent', async () => {
    const workspace = folder()
    const chosen = folder()
    start(workspace)
    const first = await shell()
    expect(first.cwd).toBe(workspace)
    const second = await shell({ cwd: chosen })
    expect(second.cwd).toBe(chosen)
    await run(second.id, 'echo "at:$(pwd)"', `at:${chosen}`)
    await expect(ok('folders.get', {})).resolves.toEqual({ workspace, recent: [chosen, workspace] })
    const refused = await call('pane.create', { kind: 'shell', cols: 80, rows: 24, cwd: join(chosen, 'missing') })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: `The folder ${join(chosen, 'missing')} does not exist. Choose another folder for the new pane.` } })
    expect(host?.panes.list()).toHaveLength(2)
  })

  it('follows a cd into the header and into a split, and an OSC 7 report over /proc', async () => {
    const workspace = folder()
    mkdirSync(join(workspace, 'sub dir'))
    start(workspace)
    const pane = await shell()
    host?.panes.write(pane.id, "cd 'sub dir'\r")
    const moved = await paneBecomes(pane.id, (p) => p.cwd === join(workspace, 'sub dir'))
    expect(moved.title).toBe('bash — sub dir')

    const split = await ok<PaneInfo>('pane.create', { kind: 'shell', cols: 50, rows: 30, beside: { paneId: pane.id, edge: 'right' } })
    expect(split.cwd).toBe(join(workspace, 'sub dir'))
    await screens?.screen(split.id).waitForText('folders$')
    await run(split.id, 'echo "split:$(pwd)"', `split:${join(workspace, 'sub dir')}`)

    // A shell that reports its folder (OSC 7) is believed over /proc.
    const other = folder()
    host?.panes.write(pane.id, `printf '\\033]7;file://localhost${other}\\007'\r`)
    await paneBecomes(pane.id, (p) => p.cwd === other)
  })

  it('keeps a pane whose folder was deleted running, says so, and restarts it in another folder', async () => {
    const workspace = folder()
    const doomed = join(workspace, 'doomed')
    mkdirSync(doomed)
    start(workspace)
    const pane = await shell({ cwd: doomed })
    rmSync(doomed, { recursive: true })
    // Output then quiet: the host reads /proc and finds the folder deleted.
    await run(pane.id, 'echo still-here', 'still-here')
    await paneBecomes(pane.id, (p) => p.folderProblem === `The folder ${doomed} no longer exists.`)

    const split = await call('pane.create', { kind: 'shell', cols: 80, rows: 24, beside: { paneId: pane.id, edge: 'bottom' } })
    expect(split).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`The folder ${doomed} no longer exists.`) } })
    const restart = await call('pane.restart', { paneId: pane.id })
    expect(restart).toMatchObject({ ok: false, error: { code: 'invalid_input', message: `The folder ${doomed} no longer exists. Choose another folder for this pane.` } })
    // Refused before anything was stopped: the same shell still answers.
    expect(host?.panes.process(pane.id)).toEqual({ running: true, pid: pane.pid })
    await run(pane.id, 'echo answers-$((6*7))', 'answers-42')

    const elsewhere = folder()
    const restarted = await ok<PaneInfo>('pane.restart', { paneId: pane.id, cwd: elsewhere })
    expect(restarted).toMatchObject({ cwd: elsewhere })
    expect(restarted.folderProblem).toBeUndefined()
    expect(restarted.pid).not.toBe(pane.pid)
    await screens?.screen(pane.id).waitForText('folders$')
    await run(pane.id, 'echo "now:$(pwd)"', `now:${elsewhere}`)
  })
})
