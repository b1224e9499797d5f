import type { PaneInfo } from '../../shared/bridge'
import type { StateDocument } from '../persistence'
import type { PaneManager } from '../pty'
import type { AgentPanes } from '../sessions'
import type { Panes, SavedPane } from './panes-document'

/** Keeps `state/panes.json` in step with the open panes, so the next start can restore them. */
export class PaneRecords {
  private frozen = false
  private lastText: string
  /** Saved programs of restored panes not started yet: kept, so a restore after another crash still ends them. */
  private readonly oldProcesses: Map<string, NonNullable<SavedPane['process']>>

  constructor(
    private readonly document: StateDocument<Panes>,
    private readonly panes: PaneManager,
    private readonly agentPanes: AgentPanes
  ) {
    this.lastText = JSON.stringify(document.get().panes)
    this.oldProcesses = new Map(document.get().panes.flatMap((pane) => (pane.process ? [[pane.id, pane.process] as const] : [])))
  }

  /** The panes saved by the host before this one. */
  saved(): SavedPane[] {
    return this.document.get().panes
  }

  /** Called with every panes.changed list; writes only when what would be restored changed. */
  changed(list: readonly PaneInfo[]): void {
    if (this.frozen) return
    const panes = list.flatMap((info) => this.record(info) ?? [])
    const text = JSON.stringify(panes)
    if (text === this.lastText) return
    this.lastText = text
    this.document.set({ panes })
  }

  /** Quitting: panes end now on purpose, and must come back next time, so nothing more is recorded. */
  freeze(): void {
    this.frozen = true
  }

  private record(info: PaneInfo): SavedPane | undefined {
    const agent = this.agentPanes.record(info.id)
    // Being closed: its agent is already forgotten.
    if (!agent) return undefined
    const running = this.panes.processIdentity(info.id)
    if (running) this.oldProcesses.delete(info.id)
    const process = running ?? this.oldProcesses.get(info.id)
    return {
      id: info.id,
      kind: info.kind,
      cwd: info.cwd,
      title: this.panes.programTitle(info.id),
      cols: info.cols,
      rows: info.rows,
      agent: agent as SavedPane['agent'],
      ...(process && { process }),
      ...(info.autoRestart && { autoRestart: info.autoRestart.enabled }),
      ...(info.creator && { creator: info.creator })
    }
  }
}
