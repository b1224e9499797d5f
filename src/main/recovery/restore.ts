import type { RecoveryReport } from '../../shared/bridge'
import { checkAgentConfig, type AgentConfig } from '../../shared/agent-config'
import type { Layout } from '../../shared/layout'
import { hasPane, insertPane, paneIds, removePane } from '../../shared/layout-tree'
import type { ConfigLayers } from '../config'
import type { LayoutService } from '../layout'
import type { Logger } from '../log'
import type { AgentPanes, AgentRecord, RestoreRequest } from '../sessions'
import { endOldProcess } from './old-process'
import type { SavedPane } from './panes-document'
import type { ScreenSaver } from './saved-screens'

export interface RestoreDeps {
  agentPanes: AgentPanes
  layout: LayoutService
  screens: ScreenSaver
  /** Waits until agent panes can be tracked (the hook receiver listens). */
  ready(): Promise<void>
  /** Settles when the restored panes' programs may start: the services they connect to are up, their screens shown. */
  beforeStart?(paneIds: string[]): Promise<unknown>
  /** Turns a restored agent pane's restart after a crash off, as it was. */
  disableAutoRestart(paneId: string): void
  /** Marks a restored pane with who created it (an MCP client), as it was. */
  setCreator(paneId: string, creator: string): void
  /** Every pane is back in its place (none started yet), with what could not come back: from here on the open panes are what is saved. */
  created(outcome: RestoreOutcome): void
  log: Logger
}

type Problems = RecoveryReport['problems']

export interface RestoreOutcome {
  restored: number
  problems: Problems
}

/**
 * Brings the saved panes back: every pane first, each showing its last screen in its place
 * in the layout, then their programs (an old one still running is ended first; a Claude
 * pane resumes its conversation). Returns how many came back and what could not.
 */
export async function restoreWorkspace(saved: readonly SavedPane[], savedLayout: Layout, deps: RestoreDeps): Promise<RestoreOutcome> {
  await deps.ready()
  const problems: Problems = []
  const restored = saved.filter((pane) => restoreOne(pane, deps, problems))
  const ids = new Set(restored.map((pane) => pane.id))
  // A pane a client created meanwhile stays too.
  deps.layout.replace(fitLayout(savedLayout, new Set([...ids, ...paneIds(deps.layout.get())])))
  deps.screens.keepOnly(ids)
  const outcome = { restored: restored.length, problems }
  deps.created(outcome)
  await deps.beforeStart?.(restored.map((pane) => pane.id)).catch(() => undefined)
  await Promise.all(restored.map((pane) => startOne(pane, deps)))
  return outcome
}

function restoreOne(pane: SavedPane, deps: RestoreDeps, problems: Problems): boolean {
  const notes: string[] = []
  const layers = checkedLayers(pane, notes)
  const screen = deps.screens.read(pane.id)
  const request: RestoreRequest = {
    id: pane.id,
    kind: pane.kind,
    // A Claude pane resumes where its conversation lives.
    cwd: pane.agent.conversationCwd ?? pane.cwd,
    cols: pane.cols,
    rows: pane.rows,
    agent: { ...(pane.agent as AgentRecord), layers },
    ...(pane.title && { title: pane.title }),
    ...(screen && { screen: { data: screen.data, savedAt: screen.savedAt } })
  }
  for (const note of notes) problems.push({ message: `The ${pane.kind} pane in ${pane.cwd}: ${note}` })
  try {
    deps.agentPanes.restore(request)
  } catch (error) {
    problems.push({ message: `The ${pane.kind} pane in ${pane.cwd} could not be restored: ${reasonOf(error)}` })
    deps.log.warn('pane not restored', { paneId: pane.id, reason: reasonOf(error) })
    return false
  }
  if (pane.autoRestart === false) deps.disableAutoRestart(pane.id)
  if (pane.creator) deps.setCreator(pane.id, pane.creator)
  return true
}

async function startOne(pane: SavedPane, deps: RestoreDeps): Promise<void> {
  if (!(await endOldProcess(pane.process))) deps.log.warn('old pane process survived SIGKILL', { paneId: pane.id, pid: pane.process?.pid })
  try {
    await deps.agentPanes.startRestored(pane.id)
  } catch (error) {
    deps.log.error('restored pane did not start', { paneId: pane.id, reason: reasonOf(error) })
  }
}

/** Saved config layers, each checked again; one that no longer passes is left out and said. */
function checkedLayers(pane: SavedPane, notes: string[]): ConfigLayers {
  const check = (name: string, raw: Record<string, unknown> | undefined): AgentConfig | undefined => {
    if (raw === undefined) return undefined
    const result = checkAgentConfig(pane.kind, raw)
    if (result.ok) return result.config
    notes.push(`its ${name} config was left out (${result.message})`)
    return undefined
  }
  const { workspace, preset, pane: own, model } = pane.agent.layers
  const presetConfig = preset && check(`preset "${preset.name}"`, preset.config)
  const layers: ConfigLayers = {}
  const workspaceConfig = check('workspace', workspace)
  const ownConfig = check('own', own)
  if (workspaceConfig) layers.workspace = workspaceConfig
  if (preset && presetConfig) layers.preset = { name: preset.name, config: presetConfig }
  if (ownConfig) layers.pane = ownConfig
  if (model !== undefined) layers.model = model
  return layers
}

/** The saved layout with only the restored panes: lost ones removed, any missing one added. */
export function fitLayout(saved: Layout, restored: ReadonlySet<string>): Layout {
  let layout = saved
  for (const id of paneIds(saved)) if (!restored.has(id)) layout = removePane(layout, id)
  for (const id of restored) if (!hasPane(layout, id)) layout = insertPane(layout, id)
  return layout
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
