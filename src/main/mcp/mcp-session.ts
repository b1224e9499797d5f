import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import { SubscribeRequestSchema, UnsubscribeRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import { KEY_NAMES } from './keys'
import type { SessionContext } from './http-server'
import type { McpHost } from './mcp-host'
import type { PaneTools, ToolCaller } from './pane-tools'
import { paneUri } from './pane-view'
import type { PaneWatch } from './pane-watch'
import { registerTaskTools } from './task-tools'
import {
  CreatePaneInput,
  DEFAULT_WAIT_MS,
  EmptyInput,
  PaneRefInput,
  ReadOutputInput,
  SendKeysInput,
  SendPromptInput,
  SetModelInput,
  WaitForTurnInput
} from './tool-schemas'

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>

const INSTRUCTIONS = `Tessera is a terminal multiplexer for coding agents. These tools create panes that run Claude Code (or another agent, or a shell), give them prompts, and collect their answers without reading screens:
tessera_create_pane (optionally with a first prompt) → tessera_wait_for_turn with the returned turn → the agent's final message. Then tessera_send_prompt and tessera_wait_for_turn again.
Each pane is also a resource, tessera://panes/<id>: subscribe to it to be told when its status changes instead of polling.`

const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] })

/** One MCP session's server: the tools, the pane resources and their subscriptions. */
export function createSessionServer(host: McpHost, tools: PaneTools, watch: PaneWatch, version: string, context: SessionContext = {}): { server: McpServer; dispose(): void } {
  const server = new McpServer({ name: 'tessera', version }, { capabilities: { resources: { subscribe: true, listChanged: true } }, instructions: INSTRUCTIONS })
  // An orchestrator pane's agent names its pane: what it creates is marked with that pane. Any other client by its name.
  const orchestrator = context.paneId && host.panes.list().some((pane) => pane.id === context.paneId && pane.kind === 'claude') ? context.paneId : undefined
  const caller = (extra: Extra): ToolCaller => ({
    creator: orchestrator ? `pane:${orchestrator}` : `mcp:${server.server.getClientVersion()?.name ?? 'unknown client'}`,
    clientId: `mcp:${extra.sessionId ?? 'session'}`,
    signal: extra.signal
  })

  server.registerTool(
    'tessera_create_pane',
    {
      title: 'Create a pane',
      description: `Creates a pane in Tessera's grid running an agent (kind "claude", "codex", "gemini") or a shell, in folder \`cwd\`.
Choose its setup with \`preset\` (a named config, see tessera_list_presets) OR \`config\` (never both), and/or \`model\`, which overrides the model of either. None of them: the folder's defaults.
\`prompt\` (Claude only) is submitted once the agent is ready; wait for its answer with tessera_wait_for_turn and the returned \`turn\`.
\`beside\` places it next to another pane. Returns {paneId, kind, cwd, model, preset, sessionId, creator, turn?}; a prompt that could not be submitted is reported in \`promptError\` (the pane exists).
Fails, creating nothing, on a conflicting or unknown preset/config/model, a folder that does not exist, or when this client already has its maximum of open panes.`,
      inputSchema: CreatePaneInput
    },
    async (input, extra) => json(await tools.createPane(input, caller(extra)))
  )

  server.registerTool(
    'tessera_list_panes',
    {
      title: 'List panes',
      description: 'Lists every open pane: {paneId, kind, title, cwd, status {state, since, ageMs, reason}, model, activeModel, preset, sessionId, cost, creator}. States: starting, idle, working, waiting (for permission or a dialog), error, exited, crashed.',
      inputSchema: EmptyInput,
      annotations: { readOnlyHint: true }
    },
    () => json(tools.listPanes())
  )

  server.registerTool(
    'tessera_get_pane',
    {
      title: 'Get a pane',
      description:
        'One pane: kind, title, cwd, status (state, since, ageMs, reason), model (as configured), activeModel (the id the CLI sends), pendingModel, preset, sessionId, cost (usd and tokens, when known), creator ("mcp:<client>" for panes made over MCP, "pane:<id>" for panes the agent of orchestrator pane <id> made).',
      inputSchema: PaneRefInput,
      annotations: { readOnlyHint: true }
    },
    ({ paneId }) => json(tools.getPane(paneId))
  )

  server.registerTool(
    'tessera_send_prompt',
    {
      title: 'Send a prompt',
      description:
        'Submits `text` as a prompt to a Claude pane (pasted, then Enter) and returns {paneId, turn} once the agent has taken it. Then call tessera_wait_for_turn with that turn. Refused when the agent is waiting for permission, still working on a turn, has exited, or the pane is not a Claude agent (type into shells with tessera_send_keys). A pane still starting is waited for (up to 45 s).',
      inputSchema: SendPromptInput
    },
    async ({ paneId, text }, extra) => json(await tools.sendPrompt(paneId, text, caller(extra)))
  )

  server.registerTool(
    'tessera_wait_for_turn',
    {
      title: 'Wait for a turn to end',
      description: `Blocks until the turn \`turn\` (from tessera_send_prompt or tessera_create_pane) of a Claude pane ends, then returns {outcome, lastAssistantMessage, error, status}.
outcome: "ended" (lastAssistantMessage is the agent's final reply), "failed" (an API error; \`error\` says which), "interrupted" (the agent is back at its prompt without finishing: Esc, or a permission answered No), "exited" (the agent stopped), "waiting" (it asks for permission: answer with tessera_send_keys, then wait again), "closed", or "timeout" (still working after timeoutMs, default ${DEFAULT_WAIT_MS} ms: call again).
A turn that already ended is reported at once, so calling this late loses nothing.`,
      inputSchema: WaitForTurnInput,
      annotations: { readOnlyHint: true }
    },
    async ({ paneId, turn, timeoutMs }, extra) => {
      const token = extra._meta?.progressToken
      let ticks = 0
      const progress = token === undefined ? undefined : () => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++ticks, message: 'the turn is still running' } }).catch(() => undefined)
      return json(await tools.waitForTurn(paneId, turn, timeoutMs, caller(extra), progress))
    }
  )

  server.registerTool(
    'tessera_read_output',
    {
      title: 'Read a pane',
      description: "Returns a pane's visible screen as plain text (no colours), or with `lines`, its last N lines of scrollback and screen. Prefer tessera_wait_for_turn for an agent's answer; read the screen for shells and dialogs.",
      inputSchema: ReadOutputInput,
      annotations: { readOnlyHint: true }
    },
    async ({ paneId, lines }) => ({ content: [{ type: 'text', text: await tools.readOutput(paneId, lines) }] })
  )

  server.registerTool(
    'tessera_send_keys',
    {
      title: 'Type into a pane',
      description: `Types text and named keys into any pane, in order: a shell command ([{"text":"npm test"},{"key":"Enter"}]) or an answer to an agent's dialog ([{"key":"Down"},{"key":"Enter"}], [{"key":"Esc"}]). Keys: ${KEY_NAMES.join(', ')}. Nothing is typed if a key name is unknown. Returns {paneId, sent}.`,
      inputSchema: SendKeysInput
    },
    async ({ paneId, keys }, extra) => json(await tools.sendKeys(paneId, keys, caller(extra)))
  )

  server.registerTool(
    'tessera_set_model',
    {
      title: "Switch a pane's model",
      description: "Switches an agent pane's model, keeping its conversation (Claude restarts with --resume). A pane mid-turn switches once the turn ends (pendingModel shows it). Returns the pane as tessera_get_pane does.",
      inputSchema: SetModelInput
    },
    async ({ paneId, model }, extra) => json(await tools.setModel(paneId, model, caller(extra)))
  )

  server.registerTool(
    'tessera_close_pane',
    {
      title: 'Close a pane',
      description: 'Closes a pane and ends its program (an agent mid-turn is stopped). Returns {paneId, closed: true}.',
      inputSchema: PaneRefInput,
      annotations: { destructiveHint: true }
    },
    async ({ paneId }, extra) => json(await tools.closePane(paneId, caller(extra)))
  )

  server.registerTool(
    'tessera_list_presets',
    {
      title: 'List presets',
      description: 'Lists the presets tessera_create_pane accepts: {name, kind, description, config}. A preset is a named agent config (model, effort, context limit…).',
      inputSchema: EmptyInput,
      annotations: { readOnlyHint: true }
    },
    async (_input, extra) => json(await tools.listPresets(caller(extra)))
  )

  registerTaskTools(server, host, () => `mcp:${server.server.getClientVersion()?.name ?? 'unknown client'}`)

  server.registerResource(
    'pane',
    new ResourceTemplate('tessera://panes/{paneId}', {
      list: () => ({ resources: tools.listPanes().map((pane) => ({ uri: paneUri(pane.paneId), name: pane.title || `${pane.kind} pane`, mimeType: 'application/json' })) })
    }),
    { description: 'A pane as tessera_get_pane shows it; subscribe to hear of its status changes.', mimeType: 'application/json' },
    (uri, { paneId }) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(tools.getPane(String(paneId)), null, 2) }] })
  )

  const subscribed = new Set<string>()
  server.server.setRequestHandler(SubscribeRequestSchema, ({ params }) => (subscribed.add(params.uri), {}))
  server.server.setRequestHandler(UnsubscribeRequestSchema, ({ params }) => (subscribed.delete(params.uri), {}))
  // A session without a stream open for notifications drops them: nothing to do about it here.
  const stopWatching = watch.subscribe({
    changed: (paneId) => {
      const uri = paneUri(paneId)
      if (subscribed.has(uri)) server.server.sendResourceUpdated({ uri }).catch(() => undefined)
    },
    listChanged: () => server.sendResourceListChanged()
  })
  return { server, dispose: stopWatching }
}
