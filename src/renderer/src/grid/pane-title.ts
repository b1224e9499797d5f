import type { AgentAvailability, PaneInfo, PaneKind } from '../../../shared/bridge'

const KIND_LABELS: Record<PaneKind, string> = { shell: 'Shell', claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini' }

export function kindLabel(kind: PaneKind, agents: readonly AgentAvailability[]): string {
  return agents.find((agent) => agent.kind === kind)?.label ?? KIND_LABELS[kind]
}

/** The last path segment, for POSIX and Windows folders alike. */
export function basename(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}

/** What a pane's header says: its task's title, else the title its program set, else agent and folder. */
export function paneTitle(
  pane: PaneInfo | undefined,
  oscTitle: string | undefined,
  agents: readonly AgentAvailability[]
): string {
  if (pane?.task) return pane.task.title
  if (oscTitle) return oscTitle
  if (!pane) return 'Starting…'
  return `${kindLabel(pane.kind, agents)} · ${basename(pane.cwd)}`
}
