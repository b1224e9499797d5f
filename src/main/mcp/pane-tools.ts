import type { CallInput, CallName, CallOutput, PaneInfo } from '../../shared/bridge'
import type { TurnEnd } from '../sessions'
import { keyBytes, KEY_NAMES } from './keys'
import type { McpHost } from './mcp-host'
import { paneView, type PaneView } from './pane-view'
import type { CreatePaneInput } from './tool-schemas'

/** Who calls a tool: the pane creator it is counted as, its session, and its request's cancel signal. */
export interface ToolCaller {
  /** "mcp:<client name>", or "pane:<id>" for an orchestrator pane's agent: marks the panes it creates and counts them against its cap. */
  creator: string
  /** The MCP session, as the bridge's client id. */
  clientId: string
  signal?: AbortSignal
}

export type WaitOutcome = 'ended' | 'failed' | 'interrupted' | 'exited' | 'waiting' | 'closed' | 'timeout'

export interface WaitResult {
  paneId: string
  turn: number
  /**
   * ended: the Stop hook (lastAssistantMessage is the agent's final text); failed: StopFailure (error says why);
   * exited: the agent's process ended first; waiting: the agent asks for permission (answer with send_keys, then wait again);
   * closed: the pane was closed; timeout: still working (call again).
   */
  outcome: WaitOutcome
  lastAssistantMessage?: string
  error?: string
  reason?: string
  status?: PaneView['status']
}

/** A new pane's size until a window shows it (the grid then sizes it). */
const NEW_PANE_SIZE = { cols: 120, rows: 40 }
/** How long send_prompt waits for a starting agent to be idle at its prompt (under the 60 s MCP clients wait by default). */
const READY_MS = 45_000
/** send_keys: after typing text, how long to wait for its echo before the next key, so a TUI does not read text and Enter as one paste. */
const ECHO_WAIT_MS = 500
/** wait_for_turn reports progress this often, so clients that reset their timeout on progress keep waiting. */
const PROGRESS_EVERY_MS = 15_000

const ENDED: Readonly<Record<TurnEnd['outcome'], WaitOutcome>> = { stop: 'ended', failure: 'failed', interrupted: 'interrupted', exited: 'exited' }

/**
 * The MCP tools' logic, shared by every session. Whatever changes the host goes through its
 * bridge dispatcher, so MCP clients get the same validation, precedence rules and errors as
 * the app's own windows.
 */
export class PaneTools {
  /** Creates in flight per creator, counted against the cap before their panes exist. */
  private readonly creating = new Map<string, number>()
  /** The last turn started over MCP per pane: wait_for_turn's default. */
  private readonly lastTurn = new Map<string, number>()
  /** Panes a prompt is being typed into: a second one at the same time would mix with it. */
  private readonly submitting = new Set<string>()

  constructor(
    private readonly host: McpHost,
    private readonly now: () => number = Date.now
  ) {}

  async createPane(input: CreatePaneInput, caller: ToolCaller): Promise<Record<string, unknown>> {
    const { prompt, ...request } = input
    if (request.preset !== undefined && request.config !== undefined) {
      throw new Error('Give either `preset` or `config`, not both: a preset is a named config. To change one field of a preset, pass `preset` and `model`, or a full `config`.')
    }
    if (prompt !== undefined && request.kind !== 'claude') throw new Error(`\`prompt\` needs a Claude pane: a ${request.kind} pane reports no turns. Create it, then use tessera_send_keys.`)
    this.reserve(caller.creator)
    let pane: PaneInfo
    try {
      pane = await this.call('pane.create', { ...request, ...NEW_PANE_SIZE }, caller)
      this.host.panes.setCreator(pane.id, caller.creator)
    } finally {
      this.release(caller.creator)
    }
    const created = { paneId: pane.id, kind: pane.kind, cwd: pane.cwd, ...resolved(pane), creator: caller.creator }
    if (prompt === undefined) return created
    try {
      return { ...created, turn: await this.submit(pane.id, prompt, caller) }
    } catch (error) {
      // The pane exists either way: say so, with why the prompt did not go.
      return { ...created, promptError: `The pane was created, but its prompt was not submitted: ${messageOf(error)}` }
    }
  }

  listPanes(): PaneView[] {
    const now = this.now()
    return this.host.panes.list().map((info) => paneView(info, now))
  }

  getPane(paneId: string): PaneView {
    return paneView(this.pane(paneId), this.now())
  }

  async sendPrompt(paneId: string, text: string, caller: ToolCaller): Promise<{ paneId: string; turn: number }> {
    this.claudePane(paneId, 'tessera_send_prompt')
    const status = this.host.status.status(paneId)
    switch (status?.state) {
      case 'waiting':
        throw new Error(`Pane ${paneId} is waiting for permission (${status.reason ?? 'a dialog'}): answer it with tessera_send_keys (tessera_read_output shows the dialog), then send the prompt.`)
      case 'working':
        throw new Error(`Pane ${paneId} is still working on a turn: call tessera_wait_for_turn first, or send_keys Esc to interrupt it.`)
      case 'exited':
      case 'crashed':
        throw new Error(`Pane ${paneId}'s agent has ${status.state} (${status.reason ?? 'no reason given'}): there is nothing to prompt.`)
    }
    return { paneId, turn: await this.submit(paneId, text, caller) }
  }

  /**
   * Resolves when the turn ends, the agent asks for permission, the pane closes, or the timeout.
   * A turn's end is kept by the tracker, so one that ended before this call is found at once.
   */
  async waitForTurn(paneId: string, turn: number | undefined, timeoutMs: number, caller: ToolCaller, progress?: () => void): Promise<WaitResult> {
    this.claudePane(paneId, 'tessera_wait_for_turn')
    const seq = turn ?? this.lastTurn.get(paneId)
    if (seq === undefined) throw new Error(`No turn to wait for in pane ${paneId}: pass the \`turn\` that tessera_send_prompt returned.`)
    const { turns, events } = this.host
    return new Promise((resolve) => {
      const finish = (result: WaitResult): void => {
        stopTurns()
        stopEvents()
        clearTimeout(timer)
        clearInterval(ticker)
        caller.signal?.removeEventListener('abort', aborted)
        resolve(result)
      }
      const check = (): void => {
        const result = this.turnState(paneId, seq)
        if (result) finish(result)
      }
      const stopTurns = turns.onChange(paneId, check)
      const stopEvents = events.subscribe((name, payload) => {
        if (name === 'panes.changed' || (name === 'pane.status' && (payload as { paneId: string }).paneId === paneId)) check()
      })
      const timer = setTimeout(() => finish({ paneId, turn: seq, outcome: 'timeout', ...this.statusOf(paneId) }), timeoutMs)
      const ticker = setInterval(() => progress?.(), PROGRESS_EVERY_MS)
      const aborted = (): void => finish({ paneId, turn: seq, outcome: 'timeout', reason: 'cancelled by the client' })
      caller.signal?.addEventListener('abort', aborted, { once: true })
      check()
    })
  }

  async readOutput(paneId: string, lines?: number): Promise<string> {
    this.pane(paneId)
    const rows = await this.host.panes.screenText(paneId, lines)
    let end = rows.length
    while (end > 0 && rows[end - 1] === '') end--
    return rows.slice(0, end).join('\n')
  }

  async sendKeys(paneId: string, keys: ReadonlyArray<{ text: string } | { key: string }>, caller: ToolCaller): Promise<{ paneId: string; sent: number }> {
    this.pane(paneId)
    // Every key is checked before anything is typed: a bad name changes nothing.
    const writes = keys.map((item) => {
      if ('text' in item) return { data: item.text, text: true }
      const data = keyBytes(item.key)
      if (data === undefined) throw new Error(`Unknown key "${item.key}": use ${KEY_NAMES.join(', ')}, or {"text": …} for text.`)
      return { data, text: false }
    })
    for (const [index, write] of writes.entries()) {
      const echoed = write.text && index < writes.length - 1 ? this.nextOutput(paneId, ECHO_WAIT_MS) : undefined
      await this.call('pane.write', { paneId, data: write.data }, caller)
      await echoed
    }
    return { paneId, sent: writes.length }
  }

  async setModel(paneId: string, model: string, caller: ToolCaller): Promise<PaneView> {
    return paneView(await this.call('pane.setModel', { paneId, model }, caller), this.now())
  }

  async closePane(paneId: string, caller: ToolCaller): Promise<{ paneId: string; closed: true }> {
    this.pane(paneId)
    await this.call('pane.close', { paneId }, caller)
    this.lastTurn.delete(paneId)
    return { paneId, closed: true }
  }

  async listPresets(caller: ToolCaller): Promise<unknown[]> {
    const { presets } = await this.call('presets.list', {}, caller)
    return presets.map(({ name, kind, description, config }) => ({ name, kind, ...(description && { description }), config }))
  }

  private async submit(paneId: string, text: string, caller: ToolCaller): Promise<number> {
    if (this.submitting.has(paneId)) throw new Error(`Another prompt is being submitted to pane ${paneId}: wait for its tessera_send_prompt to return.`)
    this.submitting.add(paneId)
    try {
      const mark = await this.host.prompts.submit(paneId, text, { readyTimeoutMs: READY_MS, ...(caller.signal && { signal: caller.signal }) })
      this.lastTurn.set(paneId, mark.seq)
      return mark.seq
    } finally {
      this.submitting.delete(paneId)
    }
  }

  /** The turn's end, or why waiting stops early; undefined while it runs. */
  private turnState(paneId: string, seq: number): WaitResult | undefined {
    const end = this.host.turns.endSince({ paneId, seq })
    if (end) {
      const text = end.outcome === 'stop' ? { lastAssistantMessage: end.message ?? '' } : end.message !== undefined ? { error: end.message } : {}
      return { paneId, turn: seq, outcome: ENDED[end.outcome], ...text, ...this.statusOf(paneId) }
    }
    if (!this.host.panes.list().some((pane) => pane.id === paneId)) return { paneId, turn: seq, outcome: 'closed' }
    const status = this.host.status.status(paneId)
    if (status?.state === 'waiting') return { paneId, turn: seq, outcome: 'waiting', ...(status.reason && { reason: status.reason }), ...this.statusOf(paneId) }
    return undefined
  }

  private statusOf(paneId: string): { status?: PaneView['status'] } {
    const info = this.host.panes.list().find((pane) => pane.id === paneId)
    const status = info && paneView(info, this.now()).status
    return status ? { status } : {}
  }

  /** Resolves at the pane's next output, or after `ms`. */
  private nextOutput(paneId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        stop()
        resolve()
      }
      const timer = setTimeout(done, ms)
      const stop = this.host.events.subscribe((name, payload) => {
        if (name === 'pane.data' && (payload as { paneId: string }).paneId === paneId) done()
      })
    })
  }

  private reserve(creator: string): void {
    const cap = this.host.settings.read().mcp.maxPanesPerClient
    const open = this.host.panes.list().filter((pane) => pane.creator === creator).length + (this.creating.get(creator) ?? 0)
    if (open >= cap) {
      throw new Error(`${creator} already has ${open} open panes it created, the most one MCP client may have (setting mcp.maxPanesPerClient: ${cap}). Close some with tessera_close_pane first.`)
    }
    this.creating.set(creator, (this.creating.get(creator) ?? 0) + 1)
  }

  private release(creator: string): void {
    const left = (this.creating.get(creator) ?? 1) - 1
    if (left > 0) this.creating.set(creator, left)
    else this.creating.delete(creator)
  }

  private async call<K extends CallName>(name: K, input: CallInput<K>, caller: ToolCaller): Promise<CallOutput<K>> {
    const result = await this.host.dispatcher.dispatch(name, input, 'mcp', caller.clientId)
    if (!result.ok) throw new Error(result.error.message)
    return result.value as CallOutput<K>
  }

  private pane(paneId: string): PaneInfo {
    const pane = this.host.panes.list().find((info) => info.id === paneId)
    if (!pane) throw new Error(`Unknown pane ${paneId}: tessera_list_panes lists the open panes.`)
    return pane
  }

  /** Turns are known from Claude Code's hooks: other agents and shells have none. */
  private claudePane(paneId: string, tool: string): PaneInfo {
    const pane = this.pane(paneId)
    if (pane.kind === 'shell') throw new Error(`Pane ${paneId} is a shell, not an agent: ${tool} is for Claude panes. Type into a shell with tessera_send_keys.`)
    if (pane.kind !== 'claude') throw new Error(`Pane ${paneId} runs ${pane.kind}, which reports no turns: ${tool} is for Claude panes. Use tessera_send_keys and tessera_read_output.`)
    return pane
  }
}

/** The model, preset and session a new pane resolved to. */
function resolved(pane: PaneInfo): Record<string, string> {
  const { agent } = pane
  return { ...(agent?.model && { model: agent.model }), ...(agent?.preset && { preset: agent.preset }), ...(agent?.sessionId && { sessionId: agent.sessionId }) }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
