import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../src/main/host'
import { readProcess } from '../../src/main/pty'
import type { CallResult, PaneInfo, RecoveryReport } from '../../src/shared/bridge'
import { paneIds } from '../../src/shared/layout-tree'
import { HostScreens } from '../support/host-screens'
import { captureLog } from '../support/log-capture'

// A host that stops without quitting (its state store closed as a kill -9 leaves it, its panes
// left running) is restored by the next host on the same data dir: panes, layout, screens,
// folders; the old programs are ended first. Shells only here; Claude's resume is in restore-cli.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Started {
  host: Host
  screens: HostScreens
}

function startHost(dataDir: string, workspace: string, fresh = false, firstViewWaitMs?: number): Started {
  const env = { ...process.env, HOME: workspace, SHELL: '/bin/bash' }
  const host = createHost({ kind: 'browser', version: 'test', defaultCwd: workspace, dataDir, log: captureLog().log, env, fresh, ...(firstViewWaitMs !== undefined && { firstViewWaitMs }) })
  const screens = new HostScreens(host)
  cleanups.push(() => host.dispose(), () => screens.dispose())
  return { host, screens }
}

async function call<T>(host: Host, name: string, input: unknown): Promise<T> {
  const result: CallResult = await host.dispatcher.dispatch(name, input, 'test')
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

/** Waits until the pane's saved screen holds `text` (saves come at most every 2 s while it prints). */
async function screenSaved(dataDir: string, paneId: string, text: string): Promise<void> {
  const file = join(dataDir, 'state', 'screens', `${paneId}.json`)
  const deadline = Date.now() + 15_000
  for (;;) {
    if (existsSync(file) && readFileSync(file, 'utf8').includes(text)) return
    if (Date.now() > deadline) throw new Error(`screen of ${paneId} never saved with ${text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** What a kill -9 leaves: state on disk as last written, the lock free, programs still running. */
async function crash(started: Started): Promise<void> {
  await started.host.state.flush()
  started.host.state.close()
}

interface Scene {
  dataDir: string
  workspace: string
  sub: string
  first: PaneInfo
  second: PaneInfo
  before: Started
}

/** Two shells side by side, the second cd'ed into a subfolder, each with a marker on screen and saved. */
async function scene(): Promise<Scene> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'))
  const workspace = mkdtempSync(join(tmpdir(), 'tessera-restore-'))
  const sub = join(workspace, 'sub folder')
  mkdirSync(sub)
  const before = startHost(dataDir, workspace)
  const first = await call<PaneInfo>(before.host, 'pane.create', { kind: 'shell', cols: 80, rows: 24 })
  const second = await call<PaneInfo>(before.host, 'pane.create', { kind: 'shell', cols: 70, rows: 24, beside: { paneId: first.id, edge: 'right' } })
  const split = before.host.layout.get().root
  if (split?.type !== 'split') throw new Error('expected a split')
  await call(before.host, 'layout.resize', { splitId: split.id, sizes: [30, 70] })
  before.host.panes.write(first.id, 'echo marker-$((20+1))\r')
  before.host.panes.write(second.id, `cd '${sub}' && echo marker-$((40+2))\r`)
  await screenSaved(dataDir, first.id, 'marker-21')
  await screenSaved(dataDir, second.id, 'marker-42')
  return { dataDir, workspace, sub, first, second, before }
}

describe('restoring the workspace after the host stopped', () => {
  it('brings every pane back in its place with its last screen, ends the old programs, and shells start in their folders', async () => {
    const { dataDir, workspace, sub, first, second, before } = await scene()
    const layoutBefore = before.host.layout.get()
    const oldPids = before.host.panes.list().map((pane) => ({ pid: pane.pid as number, startTime: readProcess(pane.pid as number)?.startTime ?? '' }))
    await crash(before)

    const after = startHost(dataDir, workspace)
    const marked: string[] = []
    after.host.events.subscribe((name, payload) => {
      if (name === 'panes.changed') for (const pane of (payload as { panes: PaneInfo[] }).panes) if (pane.restored) marked.push(pane.id)
    })
    await after.host.restoring
    expect(after.host.layout.get()).toEqual(layoutBefore)
    expect(after.host.panes.list().map((pane) => pane.id).sort()).toEqual([first.id, second.id].sort())
    expect(new Set(marked)).toEqual(new Set([first.id, second.id]))
    // The old shells are gone before the new ones started.
    for (const old of oldPids) {
      const now = readProcess(old.pid)
      expect(now === undefined || now.state === 'Z' || now.startTime !== old.startTime).toBe(true)
    }
    // The saved screen is drawn first, then the new shell's prompt below it.
    await after.screens.screen(first.id).waitForText('marker-21')
    await after.screens.screen(second.id).waitForText('marker-42')
    after.host.panes.write(second.id, 'pwd\r')
    await after.screens.screen(second.id).waitFor((screen) => screen.lines().some((line) => line.trim() === sub), 10_000, 'pwd printing the subfolder')
    // The new programs drew: no pane is marked restored any more.
    await after.screens.screen(first.id).waitFor(() => after.host.panes.list().every((pane) => pane.restored === undefined), 10_000, 'the restored marks cleared')
    // Below the saved screen (its own prompt included) the new shell draws a prompt of its own.
    const promptsBelowMarker = (lines: string[]): number => lines.slice(lines.findIndex((line) => line.includes('marker-21')) + 1).filter((line) => line.trim() !== '').length
    await after.screens.screen(first.id).waitFor((screen) => promptsBelowMarker(screen.lines()) >= 2, 10_000, 'a new prompt below the saved one')
    const report = await call<RecoveryReport>(after.host, 'recovery.report', {})
    expect(report).toEqual({ restoredPanes: 2, problems: [] })
  })

  it('shows the saved screens first: the programs start once a client drew every restored pane', async () => {
    const { dataDir, workspace, first, second, before } = await scene()
    await crash(before)
    // No client for a minute: only pane.shown can start the programs within the test's time.
    const after = startHost(dataDir, workspace, false, 60_000)
    const report = await call<RecoveryReport>(after.host, 'recovery.report', {})
    expect(report.restoredPanes).toBe(2)
    await call(after.host, 'pane.shown', { paneId: first.id })
    expect(after.host.panes.list().map((pane) => pane.pid)).toEqual([undefined, undefined])
    await call(after.host, 'pane.shown', { paneId: second.id })
    await after.host.restoring
    expect(after.host.panes.list().every((pane) => pane.pid !== undefined)).toBe(true)
  })

  it('restores the panes when the layout file is broken, keeps it aside and says so', async () => {
    const { dataDir, workspace, first, second, before } = await scene()
    await crash(before)
    writeFileSync(join(dataDir, 'state', 'workspace.json'), '{"schemaVersion":1,"data":{"layout":')
    const after = startHost(dataDir, workspace)
    await after.host.restoring
    expect(paneIds(after.host.layout.get()).sort()).toEqual([first.id, second.id].sort())
    const report = await call<RecoveryReport>(after.host, 'recovery.report', {})
    expect(report.restoredPanes).toBe(2)
    expect(report.problems).toHaveLength(1)
    expect(report.problems[0]?.message).toMatch(/workspace state could not be used/)
    expect(existsSync(report.problems[0]?.backupPath as string)).toBe(true)
  })

  it('restores a pane whose folder is gone without starting it, and says why', async () => {
    const { dataDir, workspace, sub, first, second, before } = await scene()
    await crash(before)
    rmSync(sub, { recursive: true })
    const after = startHost(dataDir, workspace)
    await after.host.restoring
    const gone = after.host.panes.list().find((pane) => pane.id === second.id)
    expect(gone?.folderProblem).toBe(`The folder ${sub} no longer exists.`)
    expect(gone?.pid).toBeUndefined()
    expect(gone?.restored).toBeDefined()
    await after.screens.screen(second.id).waitForText('marker-42')
    expect(after.host.panes.list().find((pane) => pane.id === first.id)?.pid).toBeGreaterThan(0)
    // Choosing another folder starts it there.
    await call(after.host, 'pane.restart', { paneId: second.id, cwd: workspace })
    after.host.panes.write(second.id, 'pwd\r')
    await after.screens.screen(second.id).waitFor((screen) => screen.lines().some((line) => line.trim() === workspace), 10_000, 'pwd printing the workspace')
  })

  it('starts empty with --fresh and keeps the saved workspace aside', async () => {
    const { dataDir, workspace, before } = await scene()
    await crash(before)
    const after = startHost(dataDir, workspace, true)
    await after.host.restoring
    expect(after.host.panes.list()).toEqual([])
    const report = await call<RecoveryReport>(after.host, 'recovery.report', {})
    expect(report.setAside).toMatch(/set-aside-/)
    expect(readdirSync(report.setAside as string).sort()).toEqual(['panes.json', 'screens', 'workspace.json'])
  })
})
