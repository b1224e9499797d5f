import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PaneInfo } from '../../src/shared/bridge'
import type { PaneStatus } from '../../src/shared/status'
import { EventHub } from '../../src/main/bridge'
import type { McpHost } from '../../src/main/mcp'
import { PaneTools, type ToolCaller } from '../../src/main/mcp/pane-tools'
import { TurnTracker } from '../../src/main/sessions'

// wait_for_turn over the host's turn tracker: a turn's end is state, so it is found however
// late the client asks, and hooks arriving out of order (each is its own POST) are filed
// under the turn they name.

const PANE = '6f1d3a2e-0000-4000-8000-000000000001'
const caller: ToolCaller = { creator: 'mcp:test', clientId: 'mcp:session' }

let turns: TurnTracker
let events: EventHub
let panes: PaneInfo[]
let status: PaneStatus
let tools: PaneTools
/** When the fake prompt sender is done typing. */
let typing: Promise<void>

beforeEach(() => {
  typing = Promise.resolve()
  turns = new TurnTracker()
  events = new EventHub()
  status = { state: 'idle', since: 0, method: 'hooks' }
  panes = [{ id: PANE, kind: 'claude', title: '', cwd: '/tmp', cols: 80, rows: 24, status }]
  const host = {
    events,
    turns,
    panes: { list: () => panes },
    status: { status: () => status },
    // send_prompt's part that matters here: the mark taken before Enter is the turn it returns.
    prompts: { submit: () => typing.then(() => turns.mark(PANE)) }
  } as unknown as McpHost
  tools = new PaneTools(host)
})

afterEach(() => {
  vi.useRealTimers()
})

const hook = (event: string, payload: Record<string, unknown> = {}): void => turns.hook(PANE, event, payload)
const setState = (state: PaneStatus['state'], reason?: string): void => {
  status = { state, since: 1, method: 'hooks', ...(reason && { reason }) }
  panes = panes.map((pane) => ({ ...pane, status }))
  events.emit('pane.status', { paneId: PANE, status })
}

describe('wait_for_turn', () => {
  it('reports a turn that ended before the client asked at once, with its final message', async () => {
    const { turn } = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'p1' })
    hook('Stop', { prompt_id: 'p1', last_assistant_message: 'all done' })
    await expect(tools.waitForTurn(PANE, turn, 0, caller)).resolves.toMatchObject({ outcome: 'ended', turn, lastAssistantMessage: 'all done' })
  })

  it('resolves when the Stop hook arrives while it waits', async () => {
    const { turn } = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'p1' })
    const waiting = tools.waitForTurn(PANE, turn, 60_000, caller)
    hook('Stop', { prompt_id: 'p1', last_assistant_message: 'later' })
    await expect(waiting).resolves.toMatchObject({ outcome: 'ended', lastAssistantMessage: 'later' })
  })

  it("files a fast turn's Stop that overtook its UserPromptSubmit under that turn", async () => {
    const { turn } = await tools.sendPrompt(PANE, 'go', caller)
    const waiting = tools.waitForTurn(PANE, turn, 60_000, caller)
    hook('Stop', { prompt_id: 'p1', last_assistant_message: 'fast' })
    hook('UserPromptSubmit', { prompt_id: 'p1' })
    await expect(waiting).resolves.toMatchObject({ outcome: 'ended', lastAssistantMessage: 'fast' })
  })

  it("does not take the previous turn's late Stop for the end of the new one", async () => {
    hook('UserPromptSubmit', { prompt_id: 'old' })
    const { turn } = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'new' })
    const waiting = tools.waitForTurn(PANE, turn, 60_000, caller)
    hook('Stop', { prompt_id: 'old', last_assistant_message: 'the old answer' })
    hook('Stop', { prompt_id: 'new', last_assistant_message: 'the new answer' })
    await expect(waiting).resolves.toMatchObject({ outcome: 'ended', lastAssistantMessage: 'the new answer' })
  })

  it('waits for the last turn started over MCP when no turn is given', async () => {
    hook('UserPromptSubmit', { prompt_id: 'a' })
    hook('Stop', { prompt_id: 'a', last_assistant_message: 'first' })
    await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'b' })
    hook('Stop', { prompt_id: 'b', last_assistant_message: 'second' })
    await expect(tools.waitForTurn(PANE, undefined, 0, caller)).resolves.toMatchObject({ outcome: 'ended', lastAssistantMessage: 'second' })
  })

  it('reports a failed turn with its error, and an agent that exited mid-turn', async () => {
    const failed = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'f' })
    hook('StopFailure', { prompt_id: 'f', error: 'rate_limit' })
    await expect(tools.waitForTurn(PANE, failed.turn, 0, caller)).resolves.toMatchObject({ outcome: 'failed', error: 'rate_limit' })
    setState('idle')
    const exited = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'x' })
    turns.exited(PANE, 'exit code 1')
    await expect(tools.waitForTurn(PANE, exited.turn, 0, caller)).resolves.toMatchObject({ outcome: 'exited' })
  })

  it('stops waiting when the agent asks for permission or the pane closes, and times out otherwise', async () => {
    vi.useFakeTimers()
    const { turn } = await tools.sendPrompt(PANE, 'go', caller)
    hook('UserPromptSubmit', { prompt_id: 'p' })
    const asking = tools.waitForTurn(PANE, turn, 60_000, caller)
    setState('waiting', 'permission: Bash')
    await expect(asking).resolves.toMatchObject({ outcome: 'waiting', reason: 'permission: Bash' })

    setState('working')
    const timingOut = tools.waitForTurn(PANE, turn, 5_000, caller)
    await vi.advanceTimersByTimeAsync(5_000)
    await expect(timingOut).resolves.toMatchObject({ outcome: 'timeout', status: { state: 'working' } })

    const closing = tools.waitForTurn(PANE, turn, 60_000, caller)
    panes = []
    events.emit('panes.changed', { panes })
    await expect(closing).resolves.toMatchObject({ outcome: 'closed' })
  })

  it('refuses a prompt while the agent waits for permission or works, saying what to do', async () => {
    setState('waiting', 'permission: Bash')
    await expect(tools.sendPrompt(PANE, 'go', caller)).rejects.toThrow(/waiting for permission \(permission: Bash\): answer it with tessera_send_keys/)
    setState('working')
    await expect(tools.sendPrompt(PANE, 'go', caller)).rejects.toThrow(/still working on a turn: call tessera_wait_for_turn first/)
    await expect(tools.waitForTurn(PANE, undefined, 0, caller)).rejects.toThrow(/No turn to wait for/)
  })

  it('refuses a second prompt to a pane while the first is still being typed', async () => {
    let typed = (): void => undefined
    typing = new Promise((resolve) => (typed = resolve))
    const first = tools.sendPrompt(PANE, 'one', caller)
    await expect(tools.sendPrompt(PANE, 'two', caller)).rejects.toThrow(/Another prompt is being submitted/)
    typed()
    await expect(first).resolves.toMatchObject({ paneId: PANE })
    await expect(tools.sendPrompt(PANE, 'three', caller)).resolves.toMatchObject({ paneId: PANE })
  })
})
