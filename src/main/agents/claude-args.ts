import type { AgentConfig } from '../../shared/agent-config'
import type { ClaudeCapabilities } from './cli-help'

/** How this launch joins its conversation: a new session with a preset id, or a resume. */
export interface SessionStart {
  sessionId: string
  resume: boolean
}

/** Whether the CLI takes the context limit as `--autocompact` (2.1.33x) rather than only through its env variable. */
const hasAutocompactFlag = (capabilities: ClaudeCapabilities | undefined): boolean => capabilities?.flags.has('--autocompact') ?? false

/**
 * The Claude Code flags for a resolved config, already fitted to the CLI (fitClaudeConfig;
 * facts: claude-code-facts.md, `claude --help`).
 */
export function claudeArgs(config: AgentConfig, session: SessionStart, capabilities?: ClaudeCapabilities): string[] {
  const args = session.resume ? ['--resume', session.sessionId] : ['--session-id', session.sessionId]
  const flag = (name: string, value: string | undefined): void => {
    if (value !== undefined) args.push(name, value)
  }
  // Variadic flags take every following word up to the next flag, so each list ends at one.
  const list = (name: string, values: readonly string[] | undefined): void => {
    if (values?.length) args.push(name, ...values)
  }
  flag('--model', config.model)
  flag('--fallback-model', config.fallbackModel)
  flag('--effort', config.effort)
  flag('--permission-mode', config.permissionMode)
  flag('--append-system-prompt', config.appendSystemPrompt)
  list('--allowed-tools', config.allowedTools)
  list('--disallowed-tools', config.disallowedTools)
  list('--add-dir', config.addDirs)
  if (config.contextLimit !== undefined && hasAutocompactFlag(capabilities)) flag('--autocompact', String(config.contextLimit))
  return args
}

/** Environment the config sets for Claude Code: the context limit is the CLI's auto-compact window, where it has no flag for it. */
export function claudeEnv(config: AgentConfig, capabilities?: ClaudeCapabilities): Record<string, string> {
  if (config.contextLimit === undefined || hasAutocompactFlag(capabilities)) return {}
  return { CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(config.contextLimit) }
}

/** Codex CLI: `--model`, and reasoning effort through its `-c key=value` overrides. */
export function codexArgs(config: AgentConfig): string[] {
  const args: string[] = []
  if (config.model) args.push('--model', config.model)
  if (config.effort) args.push('-c', `model_reasoning_effort="${config.effort}"`)
  return args
}

/** Gemini CLI: `--model` and `--include-directories a,b`. */
export function geminiArgs(config: AgentConfig): string[] {
  const args: string[] = []
  if (config.model) args.push('--model', config.model)
  if (config.addDirs?.length) args.push('--include-directories', config.addDirs.join(','))
  return args
}
