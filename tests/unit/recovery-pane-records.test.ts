import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import { StateStore, type StateDocument } from '../../src/main/persistence'
import type { PaneManager } from '../../src/main/pty'
import { PaneRecords, panesDocument, type Panes, type SavedPane } from '../../src/main/recovery'
import type { AgentPanes, AgentRecord } from '../../src/main/sessions'
import { captureLog } from '../support/log-capture'

type ProcessIdentity = { pid: number; startTime?: string }

/** The pane manager as PaneRecords sees it: each pane's program title and running process. */
class FakePanes implements Pick<PaneManager, 'programTitle' | 'processIdentity'> {
  readonly titles = new Map<string, string>()
  readonly processes = new Map<string, ProcessIdentity>()
  programTitle(paneId: string): string {
    return this.titles.get(paneId) ?? ''
  }
  processIdentity(paneId: string): ProcessIdentity | undefined {
    return this.processes.get(paneId)
  }
}

/** Agent panes as PaneRecords sees them: each open pane's agent record (none once it is being closed). */
class FakeAgents implements Pick<AgentPanes, 'record'> {
  readonly records = new Map<string, AgentRecord>()
  record(paneId: string): AgentRecord | undefined {
    return this.records.get(paneId)
  }
}

const CWD = '/home/me/project'
const claude = randomUUID()
const shell = randomUUID()
const closing = randomUUID()
const sessionId = randomUUID()
const WORKING: PaneInfo['status'] = { state: 'working', since: 1, method: 'hooks' }

function info(id: string, kind: PaneInfo['kind'], more: Partial<PaneInfo> = {}): PaneInfo {
  return { id, kind, title: `${kind} — project`, cwd: CWD, cols: 100, rows: 30, ...more }
}

const opened: StateStore[] = []
afterEach(() => {
  for (const store of opened.splice(0)) store.close()
})

function openDocument(dataDir: string): { store: StateStore; document: StateDocument<Panes> } {
  const store = StateStore.open(dataDir, captureLog().log)
  opened.push(store)
  return { store, document: store.document(panesDocument) }
}

/** A data dir in which an earlier host saved these panes. */
function savedBefore(panes: SavedPane[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-records-'))
  const { store, document } = openDocument(dataDir)
  document.set({ panes })
  store.close()
  return dataDir
}

function setUp(dataDir = mkdtempSync(join(tmpdir(), 'tessera-records-'))) {
  const { store, document } = openDocument(dataDir)
  const panes = new FakePanes()
  const agents = new FakeAgents()
  const records = new PaneRecords(document, panes as unknown as PaneManager, agents as unknown as AgentPanes)
  return { dataDir, store, document, panes, agents, records }
}

function onDisk(dataDir: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, 'state', 'panes.json'), 'utf8'))
}

describe('PaneRecords', () => {
  it('records what the next start restores, and the next store reads it back', async () => {
    const { dataDir, store, document, panes, agents, records } = setUp()
    const claudeAgent: AgentRecord = {
      preset: 'careful',
      layers: { workspace: { effort: 'high' }, preset: { name: 'careful', config: { permissionMode: 'plan' } }, pane: { contextLimit: 200_000 }, model: 'opus' },
      pendingModel: 'sonnet',
      sessionId,
      conversationCwd: CWD
    }
    agents.records.set(claude, claudeAgent)
    agents.records.set(shell, { layers: {} })
    panes.titles.set(claude, '✳ Fixing the tests')
    panes.processes.set(claude, { pid: 4242, startTime: '987654' })
    panes.processes.set(shell, { pid: 4343 })

    records.changed([
      info(claude, 'claude', { pid: 4242, status: WORKING, autoRestart: { enabled: false } }),
      info(shell, 'shell', { cols: 80, rows: 24 }),
      // Being closed: its agent is already forgotten.
      info(closing, 'shell')
    ])

    const expected: SavedPane[] = [
      { id: claude, kind: 'claude', cwd: CWD, title: '✳ Fixing the tests', cols: 100, rows: 30, agent: claudeAgent, process: { pid: 4242, startTime: '987654' }, autoRestart: false },
      { id: shell, kind: 'shell', cwd: CWD, title: '', cols: 80, rows: 24, agent: { layers: {} }, process: { pid: 4343 } }
    ]
    expect(document.get()).toEqual({ panes: expected })
    await store.flush()
    expect(onDisk(dataDir)).toEqual({ schemaVersion: 1, data: { panes: expected } })
    store.close()
    expect(openDocument(dataDir).document.get()).toEqual({ panes: expected })
  })

  it('writes nothing when only what is not saved changed', async () => {
    const { store, document, panes, agents, records } = setUp()
    agents.records.set(claude, { layers: { model: 'opus' }, sessionId })
    panes.processes.set(claude, { pid: 4242 })
    records.changed([info(claude, 'claude', { autoRestart: { enabled: true } })])
    await store.flush()
    const set = vi.spyOn(document, 'set')

    records.changed([info(claude, 'claude', { autoRestart: { enabled: true }, status: WORKING, title: 'another title', pid: 4242 })])
    records.changed([info(claude, 'claude', { autoRestart: { enabled: true, scheduled: { at: Date.now() + 1000, attempt: 1, of: 3 } }, skipping: true })])
    records.changed([
      info(claude, 'claude', { autoRestart: { enabled: true }, exit: { exitCode: 0 }, restored: { savedAt: new Date().toISOString() }, error: 'went away', folderProblem: 'gone' })
    ])
    expect(set).not.toHaveBeenCalled()

    records.changed([info(claude, 'claude', { autoRestart: { enabled: true }, cols: 120 })])
    expect(set).toHaveBeenCalledTimes(1)
    expect(document.get().panes.map((pane) => pane.cols)).toEqual([120])
  })

  it('writes when what is saved changes outside the pane list (title, process, agent)', () => {
    const { document, panes, agents, records } = setUp()
    agents.records.set(claude, { layers: {} })
    const list = [info(claude, 'claude')]
    records.changed(list)
    const set = vi.spyOn(document, 'set')
    panes.titles.set(claude, 'a title')
    records.changed(list)
    panes.processes.set(claude, { pid: 77 })
    records.changed(list)
    agents.records.set(claude, { layers: {}, sessionId })
    records.changed(list)
    expect(set).toHaveBeenCalledTimes(3)
    expect(document.get().panes).toEqual([expect.objectContaining({ title: 'a title', process: { pid: 77 }, agent: { layers: {}, sessionId } })])
  })

  it('records nothing more after freeze', async () => {
    const { dataDir, store, document, agents, records } = setUp()
    agents.records.set(claude, { layers: {} })
    agents.records.set(shell, { layers: {} })
    records.changed([info(claude, 'claude'), info(shell, 'shell')])
    await store.flush()
    const before = onDisk(dataDir)
    const set = vi.spyOn(document, 'set')

    records.freeze()
    // Quitting ends every pane: they go away one by one, and must all come back next time.
    agents.records.delete(shell)
    records.changed([info(claude, 'claude', { exit: { exitCode: 129 } })])
    records.changed([])
    await store.flush()

    expect(set).not.toHaveBeenCalled()
    expect(document.get().panes.map((pane) => pane.id)).toEqual([claude, shell])
    expect(onDisk(dataDir)).toEqual(before)
  })

  it('keeps the saved process of a restored pane not started yet, until it has its own', () => {
    const oldProcess = { pid: 1111, startTime: '5555' }
    const saved: SavedPane = { id: claude, kind: 'claude', cwd: CWD, title: '', cols: 100, rows: 30, agent: { layers: {}, sessionId }, process: oldProcess }
    const { document, panes, agents, records } = setUp(savedBefore([saved]))
    expect(records.saved()).toEqual([saved])
    agents.records.set(claude, { layers: {}, sessionId })
    agents.records.set(shell, { layers: {} })

    // Restored, not started: what the next start must end if this host dies now is still the old program.
    records.changed([info(claude, 'claude', { restored: { savedAt: new Date().toISOString() } }), info(shell, 'shell')])
    expect(document.get().panes.find((pane) => pane.id === claude)?.process).toEqual(oldProcess)
    // A pane never saved with a process has none.
    expect(document.get().panes.find((pane) => pane.id === shell)).not.toHaveProperty('process')

    panes.processes.set(claude, { pid: 2222, startTime: '6666' })
    records.changed([info(claude, 'claude'), info(shell, 'shell')])
    expect(document.get().panes.find((pane) => pane.id === claude)?.process).toEqual({ pid: 2222, startTime: '6666' })

    // Its own program exited: the old one is not brought back.
    panes.processes.delete(claude)
    records.changed([info(claude, 'claude', { exit: { exitCode: 1 } }), info(shell, 'shell')])
    expect(document.get().panes.find((pane) => pane.id === claude)).not.toHaveProperty('process')
  })
})
