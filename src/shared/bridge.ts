import { z } from 'zod'
import { PresetInput, PresetName } from './agent-config'
import { CALL_NAMES, type CallName } from './call-names'
import { BudgetState, CostRange, CostReport, CostSettings, PaneCost, PriceTable } from './costs'
import { PaneStatus } from './status'
import { Edge, Layout } from './layout'
import { PaneTask, taskCalls, taskEvents } from './tasks'

// The one definition of every bridge call and event. Main, preload, renderer and
// both transports import it; every type the bridge carries is inferred from here.

export const PaneId = z.string().uuid()

export const PaneKind = z.enum(['shell', 'claude', 'codex', 'gemini'])
export type PaneKind = z.output<typeof PaneKind>

// Terminal geometry as xterm.js reports it; the bounds keep a bad client from
// asking the PTY for absurd sizes.
const Cols = z.number().int().min(2).max(1000)
const Rows = z.number().int().min(1).max(500)

/** The agent CLI a pane runs (or would run): where it is and what it says of itself. */
export const CliInfo = z.object({
  path: z.string(),
  /** What `--version` printed, e.g. "2.1.332". */
  version: z.string().optional(),
  /** Why its version or flags are unknown (not executable, no version, a --help that cannot be read). */
  problem: z.string().optional()
})
export type CliInfo = z.output<typeof CliInfo>

/** An agent pane's resolved configuration, as the header shows it. */
export const PaneAgentInfo = z.object({
  model: z.string().optional(),
  /** The model id the CLI reported it sends (its SessionStart, or the transcript's last reply), e.g. claude-opus-5-5 for "opus". */
  activeModel: z.string().optional(),
  cli: CliInfo.optional(),
  preset: z.string().optional(),
  /** A model switch waiting for the agent to finish its turn. */
  pendingModel: z.string().optional(),
  sessionId: z.string().optional(),
  isolation: z.enum(['shared', 'isolated']).optional(),
  /** "model opus — pane override", one line per resolved value. */
  explain: z.array(z.string()),
  /** Something the user should know about this pane's setup (missing credentials, say). */
  note: z.string().optional(),
  /** What the pane's permission mode will do here (auto mode behind a non-first-party API URL, say). */
  permissionNote: z.string().optional()
})
export type PaneAgentInfo = z.output<typeof PaneAgentInfo>

/** An agent pane's crash restarts: its own switch, and what happens after a crash. */
export const PaneAutoRestart = z.object({
  /** This pane's switch (the global setting can still turn restarts off for every pane). */
  enabled: z.boolean(),
  /** A restart is due at `at` (host clock, ms since the epoch): try `attempt` of `of`. */
  scheduled: z.object({ at: z.number(), attempt: z.number().int().positive(), of: z.number().int().positive() }).optional(),
  /** Why the last automatic restart failed (the folder is gone, say); it counted as a try. */
  failed: z.string().optional(),
  /** Why the pane stays crashed: the cap was reached. */
  gaveUp: z.string().optional()
})
export type PaneAutoRestart = z.output<typeof PaneAutoRestart>

/** A pane restored from the saved workspace; `savedAt` (ISO time) is when its screen was saved. */
export const PaneRestored = z.object({ savedAt: z.string() })
export type PaneRestored = z.output<typeof PaneRestored>

/** What the host's start restored, and what it could not use (kept aside, never deleted). */
export const RecoveryReport = z.object({
  /** Panes brought back from the saved workspace. */
  restoredPanes: z.number().int().nonnegative(),
  /** Saved state that could not be used, each with where its copy was kept. */
  problems: z.array(z.object({ message: z.string(), backupPath: z.string().optional() })),
  /** Started with an empty grid on purpose (--fresh or the setting): where the saved workspace was kept. */
  setAside: z.string().optional()
})
export type RecoveryReport = z.output<typeof RecoveryReport>

export const PaneInfo = z.object({
  id: PaneId,
  kind: PaneKind,
  title: z.string(),
  cwd: z.string(),
  cols: Cols,
  rows: Rows,
  pid: z.number().int().optional(),
  /** Set when the command could not start; the pane shows it and nothing else breaks. */
  error: z.string().optional(),
  exit: z.object({ exitCode: z.number().int(), signal: z.number().int().optional() }).optional(),
  agent: PaneAgentInfo.optional(),
  status: PaneStatus.optional(),
  /** The pane prints faster than its clients parse: they are shown its newest screen (the host skips ahead). */
  skipping: z.literal(true).optional(),
  /** The pane's folder is gone: a restart, split or model switch cannot start there, so the pane offers to choose another. */
  folderProblem: z.string().optional(),
  /** Agent panes only: restarts after a crash. */
  autoRestart: PaneAutoRestart.optional(),
  /** Brought back when the host started: its saved screen shows, marked, until its new process draws. */
  restored: PaneRestored.optional(),
  /** Who created the pane when it was not a user in the app: "mcp:<client name>" for a pane made over MCP. */
  creator: z.string().optional(),
  /** Claude panes: tokens and cost of the sessions it ran, and the last request's context fill. */
  cost: PaneCost.optional(),
  /** The pane runs a task: its header shows the task's title and stage. */
  task: PaneTask.optional()
})

export const AgentAvailability = z.object({
  kind: PaneKind,
  label: z.string(),
  available: z.boolean(),
  /** The resolved executable when available. */
  command: z.string().optional(),
  /** What `--version` printed; absent for shells and when it could not be read (see `problem`). */
  version: z.string().optional(),
  /** Why the CLI's version or capabilities are unknown; it still launches with the flags every supported version accepts. */
  problem: z.string().optional(),
  /** How to install it when it is missing. */
  installHint: z.string().optional()
})
export type AgentAvailability = z.output<typeof AgentAvailability>

export const PresetEntry = z.object({
  name: z.string(),
  kind: PaneKind,
  description: z.string().optional(),
  config: z.record(z.string(), z.unknown()),
  /** builtin; user; or shadowing: a user preset that replaces the built-in of that name. */
  origin: z.enum(['builtin', 'user', 'shadowing'])
})
export type PresetEntry = z.output<typeof PresetEntry>

const SettingsProblem = z.object({ subject: z.string(), reason: z.string() })
const AgentConfigInput = z.record(z.string(), z.unknown())
const Folder = z.string().min(1).max(4096)

const Empty = z.object({}).strict()
const PaneRef = z.object({ paneId: PaneId }).strict()

export const calls = {
  'app.info': {
    input: Empty,
    output: z.object({ version: z.string(), platform: z.string(), host: z.enum(['desktop', 'browser']), defaultCwd: z.string() })
  },
  'pane.list': { input: Empty, output: z.array(PaneInfo) },
  'agents.list': { input: Empty, output: z.array(AgentAvailability) },
  'pane.create': {
    input: z
      .object({
        kind: PaneKind.default('shell'),
        cwd: z.string().min(1).optional(),
        // One preset; an array is accepted only to refuse two with a clear message.
        preset: z.union([PresetName, z.array(z.string())]).optional(),
        config: AgentConfigInput.optional(),
        /** An explicit model: wins over the preset and the pane config. */
        model: z.string().min(1).max(200).optional(),
        cols: Cols,
        rows: Rows,
        // Where the new pane goes in the grid; without it, beside the last pane.
        beside: z.object({ paneId: PaneId, edge: Edge }).strict().optional()
      })
      .strict(),
    output: PaneInfo
  },
  // cwd: start again in another folder (the pane's own is gone, say).
  'pane.restart': { input: z.object({ paneId: PaneId, cwd: Folder.optional() }).strict(), output: PaneInfo },
  // Flow control: the renderer reports characters xterm.js has parsed for a pane.
  'pane.ack': { input: z.object({ paneId: PaneId, chars: z.number().int().positive() }).strict(), output: z.null() },
  // Returns what the pane printed so far (bounded) so a reloaded page can catch up.
  'pane.attach': { input: PaneRef, output: z.object({ pane: PaneInfo, backlog: z.string(), end: z.number().int().nonnegative() }) },
  // A restored pane's saved screen is drawn: once the first client drew them all, the restored programs start.
  'pane.shown': { input: PaneRef, output: z.null() },
  'pane.write': { input: z.object({ paneId: PaneId, data: z.string().max(1_000_000) }).strict(), output: z.null() },
  // The size this client shows the pane at; the PTY takes the size the host's policy picks over all clients.
  'pane.resize': { input: z.object({ paneId: PaneId, cols: Cols, rows: Rows }).strict(), output: z.null() },
  // This client no longer shows the pane (zoomed away): its size stops counting.
  'pane.release': { input: PaneRef, output: z.null() },
  'pane.close': { input: PaneRef, output: z.null() },
  // The job holding a pane's terminal instead of its own program (a shell's foreground command), by name.
  'pane.foregroundJob': { input: PaneRef, output: z.object({ job: z.string().nullable() }) },
  // Switches an agent pane's model; a Claude pane mid-turn switches once the turn ends.
  'pane.setModel': { input: z.object({ paneId: PaneId, model: z.string().min(1).max(200) }).strict(), output: PaneInfo },
  // Turns this agent pane's restart after a crash on or off (a restart already scheduled is called off).
  'pane.setAutoRestart': { input: z.object({ paneId: PaneId, enabled: z.boolean() }).strict(), output: PaneInfo },
  // The global switch for restarting agents that crash (kept in settings.json).
  'autoRestart.get': { input: Empty, output: z.object({ enabled: z.boolean() }) },
  'autoRestart.set': { input: z.object({ enabled: z.boolean() }).strict(), output: z.null() },
  // What this start restored and which saved state it could not use.
  'recovery.report': { input: Empty, output: RecoveryReport },
  // Whether the next start restores the workspace (off: it starts with an empty grid and keeps the saved one aside).
  'restoreOnStart.get': { input: Empty, output: z.object({ enabled: z.boolean() }) },
  'restoreOnStart.set': { input: z.object({ enabled: z.boolean() }).strict(), output: z.null() },
  // Totals per pane, model, day and folder over a range, with the chart's series.
  'costs.report': { input: z.object({ range: CostRange }).strict(), output: CostReport },
  // The price table in force (the user's, else the defaults), the defaults, and the daily budget.
  'costs.settings': { input: Empty, output: CostSettings.extend({ defaults: PriceTable }) },
  // Replaces the user's price table; an empty one goes back to the defaults.
  'costs.setPrices': { input: z.object({ prices: PriceTable }).strict(), output: z.null() },
  'costs.setDailyBudget': { input: z.object({ limit: z.number().positive().max(1_000_000).nullable() }).strict(), output: z.null() },
  // A dollar budget for one agent pane (null: none). Nothing is ever stopped for a budget.
  'pane.setBudget': { input: z.object({ paneId: PaneId, limit: z.number().positive().max(1_000_000).nullable() }).strict(), output: PaneInfo },
  'presets.list': { input: Empty, output: z.object({ presets: z.array(PresetEntry), problems: z.array(SettingsProblem) }) },
  // Creates or replaces a user preset; `replaces` renames the one of that name.
  'presets.save': { input: PresetInput.extend({ replaces: PresetName.optional() }).strict(), output: PresetEntry },
  'presets.delete': { input: z.object({ name: PresetName }).strict(), output: z.null() },
  // problems: the folder's stored defaults that are invalid and so not used, by agent kind.
  'workspace.get': {
    input: z.object({ folder: Folder }).strict(),
    output: z.object({ folder: z.string(), defaults: z.record(z.string(), AgentConfigInput), problems: z.array(z.object({ kind: z.string(), reason: z.string() })) })
  },
  // An empty config clears the folder's default for that kind.
  'workspace.set': { input: z.object({ folder: Folder, kind: PaneKind, config: AgentConfigInput }).strict(), output: z.null() },
  // The workspace's folder (the default for new panes) and the folders panes recently started in from it, newest first.
  'folders.get': { input: Empty, output: z.object({ workspace: z.string(), recent: z.array(z.string()) }) },
  'folders.setWorkspace': { input: z.object({ folder: Folder }).strict(), output: z.null() },
  // Folders on the host whose path starts with prefix (one directory listed, bounded).
  'folders.complete': { input: z.object({ prefix: Folder }).strict(), output: z.array(z.string()) },
  // The desktop app's native folder dialog; null when the user cancels.
  'folders.choose': { input: Empty, output: z.object({ folder: z.string().nullable() }) },
  'layout.get': { input: Empty, output: Layout },
  'layout.resize': {
    input: z.object({ splitId: z.string().min(1), sizes: z.array(z.number().positive()).min(2) }).strict(),
    output: z.null()
  },
  'layout.equalize': { input: Empty, output: z.null() },
  'layout.zoom': { input: z.object({ paneId: PaneId.nullable() }).strict(), output: z.null() },
  'layout.move': { input: z.object({ paneId: PaneId, targetPaneId: PaneId, edge: Edge }).strict(), output: z.null() },
  'layout.swap': { input: z.object({ paneId: PaneId, otherPaneId: PaneId }).strict(), output: z.null() },
  // Tasks: board, worktrees, stages (src/shared/tasks.ts).
  ...taskCalls
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>

export const events = {
  /**
   * offset: where data starts in the pane's output stream; pane.attach's `end` is on the same scale.
   * replace: data is the newest output from a line start and replaces everything before it
   * (the host skipped ahead of a flood).
   */
  'pane.data': z.object({ paneId: PaneId, data: z.string(), offset: z.number().int().nonnegative(), replace: z.literal(true).optional() }),
  'pane.exit': z.object({ paneId: PaneId, exitCode: z.number().int(), signal: z.number().int().optional() }),
  'panes.changed': z.object({ panes: z.array(PaneInfo) }),
  'layout.changed': z.object({ layout: Layout }),
  'pane.status': z.object({ paneId: PaneId, status: PaneStatus }),
  // The desktop shell (tray menu, global hotkey) asks the window to focus a pane or the next one that needs the user.
  'app.focusPane': z.object({ paneId: PaneId }),
  'app.nextAttention': z.object({}),
  // Something the user should know that no call of theirs caused (a global hotkey taken, say).
  'app.notice': z.object({ message: z.string() }),
  // Presets or workspace defaults changed (here, in another window, or in the file).
  'settings.changed': z.object({}),
  // New usage was counted (at most a few times a second): an open cost panel asks again.
  'costs.changed': z.object({}),
  // Spending crossed 80 % (warning) or 100 % (exceeded) of a pane's budget or the daily one.
  'costs.budget': z.object({ scope: z.enum(['pane', 'daily']), paneId: PaneId.optional(), state: BudgetState, limit: z.number(), spent: z.number() }),
  ...taskEvents
} as const

export type Calls = typeof calls
export type { CallName }
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
export type PaneInfo = z.output<typeof PaneInfo>

export const callNames: readonly CallName[] = CALL_NAMES
export const eventNames = Object.keys(events) as EventName[]

export function isCallName(name: string): name is CallName {
  return (CALL_NAMES as readonly string[]).includes(name)
}

export const BridgeErrorCode = z.enum(['invalid_message', 'invalid_input', 'unknown_call', 'not_found', 'failed'])
export type BridgeErrorCode = z.output<typeof BridgeErrorCode>
export const BridgeErrorShape = z.object({ code: BridgeErrorCode, message: z.string() })

/** What every call resolves to on the wire: a value or a typed error, never a throw. */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: z.output<typeof BridgeErrorShape> }

/** Thrown on the client side when the host answers a call with an error. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'BridgeError'
  }
}

export function unwrapResult<T>(result: CallResult<T>): T {
  if (result.ok) return result.value
  throw new BridgeError(result.error.code, result.error.message)
}

export type Unsubscribe = () => void

/** The renderer's only view of the host; each transport implements it. */
export interface TesseraClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe
}
