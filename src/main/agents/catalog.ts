import type { PaneKind } from '../../shared/bridge'

/** What Tessera knows about each kind of pane: its label, CLI and how to get it. */
export interface AgentDefinition {
  kind: PaneKind
  label: string
  /** The CLI's executable name; the shell kind uses the user's login shell instead. */
  binary?: string
  installHint?: string
}

export const AGENTS: readonly AgentDefinition[] = [
  { kind: 'shell', label: 'Shell' },
  { kind: 'claude', label: 'Claude Code', binary: 'claude', installHint: 'npm install -g @anthropic-ai/claude-code' },
  { kind: 'codex', label: 'Codex CLI', binary: 'codex', installHint: 'npm install -g @openai/codex' },
  { kind: 'gemini', label: 'Gemini CLI', binary: 'gemini', installHint: 'npm install -g @google/gemini-cli' }
]

export function agentDefinition(kind: PaneKind): AgentDefinition {
  const found = AGENTS.find((agent) => agent.kind === kind)
  if (!found) throw new Error(`Unknown pane kind: ${kind}`)
  return found
}
