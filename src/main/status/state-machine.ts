import type { AgentState, PaneStatus, StatusMethod } from '../../shared/status'
import type { CliSessionStatus } from './session-file'

/** Everything that can move a pane's state, each stamped with when it happened (ms, host clock). */
export type StatusSignal =
  | { kind: 'launched'; at: number }
  | { kind: 'hook'; event: string; payload: Record<string, unknown>; at: number }
  /** The CLI's sessions/<pid>.json; `updatedAt` is the CLI's own stamp. */
  | { kind: 'cliStatus'; status: CliSessionStatus; updatedAt: number; sessionId?: string; waitingFor?: string; at: number }
  /** What a waiting pane's screen shows it waits for (a dialog no hook names). */
  | { kind: 'screen'; reason: string; at: number }
  /** What a working pane's screen says it retries (a 429/529), or undefined once it no longer does. */
  | { kind: 'retry'; reason: string | undefined; at: number }
  /** The program's title changed (OSC 0/2). */
  | { kind: 'title'; title: string; at: number }
  /** For agents without hooks: output or a foreground child says busy, quiet says idle. */
  | { kind: 'activity'; busy: boolean; at: number }
  /** `requested`: Tessera ended it (close, restart), so it did not crash. */
  | { kind: 'exit'; exitCode: number; signal?: number; requested: boolean; at: number }

export interface TrackedStatus {
  status: PaneStatus
  /** Between UserPromptSubmit and Stop/StopFailure: tool events belong to this turn. */
  turnOpen: boolean
  /** Tools whose PostToolUse arrived: a late PermissionRequest for one of them is stale. */
  doneTools: readonly string[]
  /**
   * The `prompt_id` of every UserPromptSubmit seen, newest last. The CLI stamps each hook with
   * the id of its latest prompt, so an event naming an earlier one was sent before the newest
   * turn began and arrived late (each hook is its own POST): it describes a moment already past.
   */
  prompts: readonly string[]
  /** When the last transition was decided; older status-file writes cannot undo it. */
  decidedAt: number
  /** The tool of the turn's latest PreToolUse: what a permission prompt the status file reports is about. */
  lastTool?: string
  /**
   * The wait was reported by the status file, which no hook contradicts: Claude Code 2.1.33x
   * sends no PermissionRequest for auto mode's dialogs, and the PreToolUse sent just before
   * such a dialog can arrive after the file's write (each hook is its own POST).
   */
  waitingFromFile: boolean
  /** The status file's last `waitingFor`: its change is news even when the status (and its stamp) stayed "waiting". */
  fileWaitingFor?: string
}

export function initialStatus(method: StatusMethod, at: number): TrackedStatus {
  return { status: { state: 'starting', since: at, method }, turnOpen: false, doneTools: [], prompts: [], decidedAt: at, waitingFromFile: false }
}

/** The known hook events; anything else is ignored (and logged by the caller). */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'SessionEnd',
  'Notification'
] as const

export const isKnownHookEvent = (event: string): boolean => (HOOK_EVENTS as readonly string[]).includes(event)

const DONE_TOOLS_KEPT = 50
const PROMPTS_KEPT = 50
const ENDED: readonly AgentState[] = ['exited', 'crashed']

/**
 * One pane's state machine. Pure: the same signals give the same states. Hooks
 * lead; the CLI's status file fills the moments no hook reports (a permission
 * denied, Esc mid-reply, a cancelled dialog), and only when it is newer than the
 * last decision, since it lags the hooks by ~100 ms. Hooks arrive in any order, so
 * one naming an earlier turn's prompt_id is ignored (see `prompts`).
 */
export function reduce(current: TrackedStatus, signal: StatusSignal): TrackedStatus {
  if (signal.kind === 'launched') {
    const fresh = initialStatus(current.status.method, signal.at)
    // The prompts stay known: a late hook of the previous process still names an old turn.
    return { ...fresh, status: withSession(fresh.status, current.status.sessionId), prompts: current.prompts }
  }
  if (ENDED.includes(current.status.state)) return current
  switch (signal.kind) {
    case 'hook':
      return onHook(current, signal.event, signal.payload, signal.at)
    case 'cliStatus':
      return onCliStatus(current, signal)
    case 'screen':
      // Names the wait, decides nothing: status-file writes keep their floor.
      return current.status.state === 'waiting' ? { ...moveTo(current, 'waiting', signal.at, signal.reason), decidedAt: current.decidedAt } : current
    case 'retry':
      // Names the retry inside a turn, or clears it, and decides nothing: the floor stays.
      return current.status.state === 'working' && current.status.reason !== signal.reason ? { ...current, status: withReason(current.status, signal.reason) } : current
    case 'title':
      // Last resort for a missed SessionStart: the CLI titles itself once it is up.
      return current.status.state === 'starting' && /Claude Code/.test(signal.title) ? moveTo(current, 'idle', signal.at) : current
    case 'activity':
      return moveTo(current, signal.busy ? 'working' : 'idle', signal.at)
    case 'exit':
      return onExit(current, signal)
  }
}

function onHook(current: TrackedStatus, event: string, payload: Record<string, unknown>, at: number): TrackedStatus {
  const promptId = typeof payload.prompt_id === 'string' ? payload.prompt_id : undefined
  // A late event of an earlier turn (its Stop after the next UserPromptSubmit) changes nothing.
  if (promptId !== undefined && isEarlierPrompt(current, promptId)) return current
  const sessionId = typeof payload.session_id === 'string' ? payload.session_id : undefined
  const tracked = sessionId ? { ...current, status: withSession(current.status, sessionId) } : current
  const toolId = typeof payload.tool_use_id === 'string' ? payload.tool_use_id : undefined
  switch (event) {
    case 'SessionStart':
      return tracked.status.state === 'starting' ? moveTo(tracked, 'idle', at) : tracked
    case 'UserPromptSubmit':
      return { ...moveTo(tracked, 'working', at), turnOpen: true, prompts: withPrompt(tracked.prompts, promptId) }
    case 'PreToolUse':
    case 'SubagentStart':
    case 'SubagentStop':
    case 'PreCompact': {
      const withTool = event === 'PreToolUse' && typeof payload.tool_name === 'string' ? { ...tracked, lastTool: payload.tool_name } : tracked
      // Sent before the dialog the status file already reports: it cannot end that wait.
      if (withTool.status.state === 'waiting' && withTool.waitingFromFile) return withTool
      if (!withTool.turnOpen || isDone(withTool, toolId)) return withTool
      // Nor does it hide a status-file write it may have overtaken on the way: the turn's start stays the floor.
      return { ...moveTo(withTool, 'working', at), decidedAt: withTool.decidedAt }
    }
    case 'PermissionRequest':
      return tracked.turnOpen && !isDone(tracked, toolId) ? moveTo(tracked, 'waiting', at, permissionReason(payload)) : tracked
    case 'PostToolUse':
    case 'PostToolUseFailure': {
      const done = toolId ? { ...tracked, doneTools: [...tracked.doneTools, toolId].slice(-DONE_TOOLS_KEPT) } : tracked
      return done.turnOpen ? moveTo(done, 'working', at) : done
    }
    case 'Stop':
      return { ...moveTo(tracked, 'idle', at), turnOpen: false }
    case 'StopFailure':
      return { ...moveTo(tracked, 'error', at, failureReason(payload)), turnOpen: false }
    case 'Notification':
      return onNotification(tracked, payload.notification_type, at)
    default:
      return tracked
  }
}

function onNotification(current: TrackedStatus, type: unknown, at: number): TrackedStatus {
  if (type === 'permission_prompt' && current.turnOpen && current.status.state !== 'waiting') return moveTo(current, 'waiting', at, 'permission')
  if (type === 'idle_prompt' && !current.turnOpen && current.status.state !== 'error') return moveTo(current, 'idle', at)
  return current
}

function onCliStatus(current: TrackedStatus, signal: Extract<StatusSignal, { kind: 'cliStatus' }>): TrackedStatus {
  const withSessionId = signal.sessionId ? { ...current, status: withSession(current.status, signal.sessionId) } : current
  const tracked = { ...withSessionId, fileWaitingFor: signal.waitingFor }
  // Another dialog while the CLI stays waiting (auto mode's notice, then the action's own prompt): only the reason changes.
  if (signal.status === 'waiting' && current.status.state === 'waiting' && signal.waitingFor !== current.fileWaitingFor) {
    return { ...moveTo(tracked, 'waiting', signal.at, fileWaitReason(tracked, signal.waitingFor)), decidedAt: current.decidedAt }
  }
  // A write older than our last decision describes a moment already past.
  if (signal.updatedAt <= current.decidedAt) return tracked
  const { state } = tracked.status
  switch (signal.status) {
    case 'busy':
    case 'shell':
      return { ...moveTo(tracked, 'working', signal.at), turnOpen: true }
    case 'waiting':
      return { ...moveTo(tracked, 'waiting', signal.at, fileWaitReason(tracked, signal.waitingFor)), waitingFromFile: true }
    case 'idle':
      // An error stays until the next turn; idle only ends work or a wait.
      return state === 'error' ? tracked : { ...moveTo(tracked, 'idle', signal.at), turnOpen: false }
  }
}

function onExit(current: TrackedStatus, signal: Extract<StatusSignal, { kind: 'exit' }>): TrackedStatus {
  const clean = signal.requested || (signal.exitCode === 0 && !signal.signal)
  const reason = signal.signal ? `signal ${signal.signal}` : `exit code ${signal.exitCode}`
  return { ...moveTo(current, clean ? 'exited' : 'crashed', signal.at, reason), turnOpen: false }
}

/**
 * Why the status file says the CLI waits: a permission prompt is about the turn's latest
 * tool; a dialog keeps the reason it has (the screen may name it), else says "dialog".
 */
function fileWaitReason(current: TrackedStatus, waitingFor: string | undefined): string | undefined {
  const waitingAlready = current.status.state === 'waiting'
  if (waitingFor === 'permission prompt') return current.lastTool ? `permission: ${current.lastTool}` : 'permission'
  if (waitingFor === 'dialog open') return waitingAlready ? current.status.reason : 'dialog'
  return waitingAlready ? current.status.reason : waitingFor
}

/** Same state keeps its `since` (and reason, unless a new one is given); leaving waiting forgets who reported it. */
function moveTo(current: TrackedStatus, state: AgentState, at: number, reason?: string): TrackedStatus {
  const { status } = current
  if (status.state === state && (reason === undefined || reason === status.reason)) return { ...current, decidedAt: at }
  if (state !== 'waiting') current = { ...current, waitingFromFile: false }
  const next: PaneStatus = { state, since: status.state === state ? status.since : at, method: status.method }
  if (reason !== undefined) next.reason = reason
  if (status.sessionId) next.sessionId = status.sessionId
  return { ...current, status: next, decidedAt: at }
}

function withReason(status: PaneStatus, reason: string | undefined): PaneStatus {
  const next = { ...status }
  if (reason === undefined) delete next.reason
  else next.reason = reason
  return next
}

function withSession(status: PaneStatus, sessionId: string | undefined): PaneStatus {
  return sessionId && sessionId !== status.sessionId ? { ...status, sessionId } : status
}

/**
 * Names a turn before the newest one. Only ids seen in a UserPromptSubmit count: an id never
 * seen (no prompt_id, a slash command's, a turn whose UserPromptSubmit was lost) keeps the
 * behaviour of an event without one.
 */
function isEarlierPrompt(current: TrackedStatus, promptId: string): boolean {
  return current.prompts.includes(promptId) && current.prompts.at(-1) !== promptId
}

function withPrompt(prompts: readonly string[], promptId: string | undefined): readonly string[] {
  return promptId === undefined || prompts.at(-1) === promptId ? prompts : [...prompts, promptId].slice(-PROMPTS_KEPT)
}

function isDone(current: TrackedStatus, toolId: string | undefined): boolean {
  return toolId !== undefined && current.doneTools.includes(toolId)
}

/**
 * StopFailure's `error` (rate_limit, authentication_failed, server_error…) with the API
 * error the CLI printed. The CLI files a 529 under server_error; users know it as overloaded.
 */
export function failureReason(payload: Record<string, unknown>): string {
  const error = typeof payload.error === 'string' ? payload.error : 'unknown error'
  const message = typeof payload.last_assistant_message === 'string' ? payload.last_assistant_message : ''
  const apiError = /^API Error: ([^.\n]+)/.exec(message)?.[1]
  const kind = error === 'server_error' && /\b529\b|overloaded/i.test(apiError ?? '') ? 'overloaded' : error
  return apiError ? `${kind} (${apiError})` : kind
}

function permissionReason(payload: Record<string, unknown>): string {
  return typeof payload.tool_name === 'string' ? `permission: ${payload.tool_name}` : 'permission'
}
