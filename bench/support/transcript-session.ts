import { HEX, type Rng, type TextPool } from './transcript-text.ts'

// One generated Claude Code session, line by line as the real CLI writes it (shapes taken from
// transcripts 2.1.197 and 2.1.332 wrote against the fake API, and from older 1.0.x lines):
// a line per content block of each API response with the same message.id, requestId and
// usage; tool results as user lines that repeat the tool's output in toolUseResult (a Read
// holds the file twice, an Edit the whole original file); the CLI's own bookkeeping lines;
// subagents in their own files. Some responses are streamed partial copies: their first
// lines carry fewer output tokens than the last.

/** Which CLI wrote the session: line shapes and models differ. */
export type CliShape = 'v1' | 'v197' | 'v332'

export const CLI_VERSION: Record<CliShape, string> = { v1: '1.0.98', v197: '2.1.197', v332: '2.1.332' }

/** Token classes as ccusage reports them (cache writes as one figure). */
export interface ModelTokens {
  input: number
  output: number
  cacheCreation: number
  cacheRead: number
}

/** The usage a transcript line carries, for the expected totals. `key` undefined: no requestId (each line counts). */
export interface LineUsage {
  key: string | undefined
  model: string
  tokens: ModelTokens
}

export interface Line {
  text: string
  usage?: LineUsage
}

export interface SessionPlan {
  sessionId: string
  cwd: string
  cli: CliShape
  model: string
  /** The model a subagent runs on when not the session's own. */
  smallModel: string
  startMs: number
  turns: number
  /** Cache writes last an hour (else five minutes: a long pause makes the next request write the whole context). */
  oneHourCache: boolean
  /** Compaction happens near this many context tokens (a 1M-window session goes past the long-context line). */
  compactAt: number
}

export interface SubagentFile {
  agentId: string
  lines: Line[]
}

export interface BuiltSession {
  lines: Line[]
  /** Index after each turn's last line: a fork copies whole turns. */
  turnEnds: number[]
  subagents: SubagentFile[]
}

interface ToolUse {
  id: string
  name: string
  input: Record<string, unknown>
  /** The uuid of the assistant line that carried it. */
  lineUuid: string
}

const TOOLS: ReadonlyArray<readonly [string, number]> = [
  ['Read', 30],
  ['Bash', 22],
  ['Edit', 15],
  ['Grep', 8],
  ['Glob', 4],
  ['Write', 5],
  ['TodoWrite', 5],
  ['Agent', 3],
  ['WebFetch', 1]
]
const SUBAGENT_TOOLS = TOOLS.filter(([name]) => name !== 'Agent' && name !== 'TodoWrite')

/** Bytes of text per token, roughly. */
const BYTES_PER_TOKEN = 3.6
const tokensOf = (chars: number): number => Math.max(1, Math.round(chars / BYTES_PER_TOKEN))

const hex = (rng: Rng, length: number): string => rng.chars(length, HEX)

/** Builds one session (or one subagent's transcript) into memory. */
export class SessionBuilder {
  private readonly lines: Line[] = []
  private readonly turnEnds: number[] = []
  private readonly subagents: SubagentFile[] = []
  private clock: number
  private parentUuid: string | null = null
  /** Tokens the last request sent or got back: the cached prefix of the next one. */
  private context = 0
  /** Tokens added since the last request (system prompt, user prompt, tool results). */
  private fresh: number
  /** The last request's time: a pause longer than the cache's life makes the next one write it all again. */
  private lastRequestMs = 0
  private requestRef: string | undefined

  constructor(
    private readonly rng: Rng,
    private readonly pool: TextPool,
    private readonly plan: SessionPlan,
    private readonly sidechain?: { agentId: string; model: string }
  ) {
    this.clock = plan.startMs
    this.fresh = rng.int(14_000, 32_000) // system prompt and tools
  }

  build(): BuiltSession {
    this.sessionStart()
    for (let turn = 0; turn < this.plan.turns; turn++) {
      this.turn(this.pool.prosePiece(this.rng.logNormal(160, 1.1, 12, 4_000)), TOOLS)
      this.turnEnds.push(this.lines.length)
      this.clock += this.rng.logNormal(90_000, 1.3, 5_000, 3 * 3_600_000) // the user reads, thinks, comes back
    }
    if (this.plan.cli === 'v332') this.meta({ type: 'cost-state', sessionId: this.plan.sessionId, totalCostUSD: this.rng.next() * 40, totalDuration: this.clock - this.plan.startMs, modelUsage: {} })
    return { lines: this.lines, turnEnds: this.turnEnds, subagents: this.subagents }
  }

  /** A subagent: one prompt, then its own tool loop. */
  buildSubagent(prompt: string): Line[] {
    this.turn(prompt, SUBAGENT_TOOLS)
    return this.lines
  }

  private get model(): string {
    return this.sidechain?.model ?? this.plan.model
  }

  private sessionStart(): void {
    const { cli } = this.plan
    if (cli === 'v1') return
    this.attachment({ type: 'agent_listing_delta', addedLines: this.pool.prosePiece(3_800).split('. '), isInitial: true })
    this.attachment({ type: 'skill_listing', content: this.pool.prosePiece(5_100), skillCount: 13, isInitial: true })
    if (cli !== 'v332') return
    this.attachment({ type: 'environment', snapshot: { workingDirectory: this.plan.cwd, isGitRepo: true, platform: 'linux', shell: 'bash' } })
    this.attachment({ type: 'deferred_tools_delta', addedNames: ['CronCreate', 'Monitor', 'NotebookEdit', 'WebFetch', 'WebSearch'], rendered: this.pool.prosePiece(1_200) })
    this.meta({ type: 'api-request-shape', sessionId: this.plan.sessionId, shapeHash: hex(this.rng, 64), timestamp: this.iso(), version: CLI_VERSION.v332, shape: { system: [{ type: 'text', text: this.pool.prosePiece(40_000) }] } })
    this.meta({ type: 'api-request-blob', sessionId: this.plan.sessionId, hash: hex(this.rng, 64), message: { role: 'system', content: [{ type: 'text', text: this.pool.prosePiece(9_600) }] } })
  }

  private turn(prompt: string, tools: ReadonlyArray<readonly [string, number]>): void {
    const { cli } = this.plan
    if (!this.sidechain && cli !== 'v1') this.fileHistorySnapshot()
    this.userPrompt(prompt)
    const steps = this.rng.logNormal(this.sidechain ? 6 : 3, 0.8, 1, 40)
    for (let step = 0; step < steps; step++) {
      const last = step === steps - 1
      if (!last && this.rng.chance(0.004)) return this.syntheticError()
      const uses = this.response(last ? 0 : this.rng.weighted([[1, 70], [2, 20], [3, 10]]), tools)
      for (const use of uses) this.toolResult(use)
      if (this.context > this.plan.compactAt) this.compact()
    }
    if (!this.sidechain && cli !== 'v1') this.meta({ type: 'last-prompt', lastPrompt: prompt.slice(0, 200), leafUuid: this.parentUuid, sessionId: this.plan.sessionId })
    if (!this.sidechain && cli === 'v332' && this.rng.chance(0.5)) this.system('turn_duration', { durationMs: this.rng.int(2_000, 600_000) })
  }

  /** One API response: optional thinking, text, then tool uses, a line each. */
  private response(toolCount: number, tools: ReadonlyArray<readonly [string, number]>): ToolUse[] {
    const { cli } = this.plan
    if (cli === 'v332') this.apiRequest()
    const blocks: Array<Record<string, unknown>> = []
    if (cli !== 'v1' && this.rng.chance(0.35)) {
      const shown = cli === 'v332' ? '' : this.pool.prosePiece(this.rng.logNormal(700, 0.9, 40, 12_000))
      blocks.push({ type: 'thinking', thinking: shown, signature: this.rng.chars(this.rng.int(300, 1_800)) })
    }
    if (toolCount === 0 || this.rng.chance(0.6)) blocks.push({ type: 'text', text: this.pool.prosePiece(this.rng.logNormal(toolCount === 0 ? 900 : 220, 0.9, 8, 16_000)) })
    const uses: ToolUse[] = []
    for (let i = 0; i < toolCount; i++) {
      const use = this.toolUse(this.rng.weighted(tools))
      uses.push(use)
      blocks.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input })
    }
    const outputChars = blocks.reduce((sum, block) => sum + JSON.stringify(block).length, 0)
    const output = tokensOf(outputChars) + (cli === 'v332' && blocks[0]?.type === 'thinking' ? this.rng.int(50, 4_000) : 0)
    const usage = this.usage(output)
    const messageId = `msg_01${this.rng.chars(22)}`
    const requestId = cli === 'v1' && this.rng.chance(0.03) ? undefined : `req_011${this.rng.chars(21)}`
    const stop = toolCount > 0 ? 'tool_use' : 'end_turn'
    // A streamed partial copy: an early line written with message_start's usage (1 output token), and each block's line as it was then.
    const partial = blocks.length > 0 && this.rng.chance(0.06)
    const lineBlocks = partial ? [blocks[0] as Record<string, unknown>, ...blocks] : blocks
    for (const [index, block] of lineBlocks.entries()) {
      const lastLine = index === lineBlocks.length - 1
      const lineOutput = !partial || lastLine ? output : Math.max(1, Math.floor((output * index) / lineBlocks.length))
      const uuid = this.assistantLine(messageId, requestId, block, stop, { ...usage, output: lineOutput }, index)
      if (block.type === 'tool_use') {
        const use = uses.find((candidate) => candidate.id === block.id)
        if (use) use.lineUuid = uuid
      }
      this.clock += this.rng.int(20, 4_000)
    }
    return uses
  }

  /** Cache reads for what was sent before, writes for what is new (or everything, once the cache expired). */
  private usage(output: number): ModelTokens {
    const cacheLifeMs = this.plan.oneHourCache ? 3_600_000 : 300_000
    const expired = this.lastRequestMs > 0 && this.clock - this.lastRequestMs > cacheLifeMs
    this.lastRequestMs = this.clock
    const uncached = this.rng.chance(0.02) ? this.rng.int(500, 20_000) : this.rng.int(1, 9)
    const fresh = this.fresh
    const sent = this.context
    this.fresh = 0
    this.context += fresh + uncached + output
    if (expired || sent === 0) return { input: uncached, output, cacheCreation: sent + fresh, cacheRead: 0 }
    return { input: uncached, output, cacheCreation: fresh, cacheRead: sent }
  }

  private assistantLine(messageId: string, requestId: string | undefined, block: Record<string, unknown>, stop: string, usage: ModelTokens, blockIndex: number): string {
    const { cli } = this.plan
    const split = this.plan.oneHourCache ? { ephemeral_1h_input_tokens: usage.cacheCreation, ephemeral_5m_input_tokens: 0 } : { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: usage.cacheCreation }
    const apiUsage =
      cli === 'v1'
        ? { input_tokens: usage.input, cache_creation_input_tokens: usage.cacheCreation, cache_read_input_tokens: usage.cacheRead, output_tokens: usage.output, service_tier: 'standard' }
        : {
            input_tokens: usage.input,
            cache_creation_input_tokens: usage.cacheCreation,
            cache_read_input_tokens: usage.cacheRead,
            output_tokens: usage.output,
            ...(cli === 'v332' ? { output_tokens_details: { thinking_tokens: 0 } } : {}),
            server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
            service_tier: 'standard',
            cache_creation: split,
            inference_geo: '',
            iterations: [],
            speed: 'standard',
            ...(cli === 'v332' ? { fallback_credit: null } : {})
          }
    const message = { id: messageId, type: 'message', role: 'assistant', model: this.model, content: [block], stop_reason: stop, stop_sequence: null, usage: apiUsage, ...(cli === 'v1' ? {} : { stop_details: null }) }
    const extra =
      cli === 'v332'
        ? { apiBlockIndex: blockIndex, requestRef: this.requestRef, requestedModel: this.model, promptCacheRequested: this.plan.oneHourCache ? '1h' : '5m', effort: 'medium', perTurnEffort: 'medium', madeBy: 'model' }
        : {}
    const key = requestId === undefined ? undefined : `${messageId}:${requestId}`
    const tokens = { input: usage.input, output: usage.output, cacheCreation: usage.cacheCreation, cacheRead: usage.cacheRead }
    return this.entry({ message, ...(requestId ? { requestId } : {}), type: 'assistant', ...extra }, { key, model: this.model, tokens })
  }

  private toolUse(name: string): ToolUse {
    const id = `toolu_01${this.rng.chars(22)}`
    const file = this.filePath()
    const inputs: Record<string, () => Record<string, unknown>> = {
      Read: () => ({ file_path: file }),
      Bash: () => ({ command: this.pool.shellPiece(this.rng.int(10, 300)).split('\n')[0], description: this.pool.prosePiece(40) }),
      Edit: () => ({ file_path: file, old_string: this.pool.codePiece(this.rng.logNormal(400, 0.9, 20, 6_000)), new_string: this.pool.codePiece(this.rng.logNormal(500, 0.9, 20, 8_000)), replace_all: false }),
      Write: () => ({ file_path: file, content: this.pool.codePiece(this.rng.logNormal(4_000, 0.8, 200, 40_000)) }),
      Grep: () => ({ pattern: this.pool.prosePiece(20).split(' ')[0], path: this.plan.cwd, output_mode: 'files_with_matches' }),
      Glob: () => ({ pattern: '**/*.ts', path: this.plan.cwd }),
      TodoWrite: () => ({ todos: Array.from({ length: this.rng.int(2, 8) }, () => ({ content: this.pool.prosePiece(60), status: this.rng.pick(['pending', 'in_progress', 'completed']), activeForm: this.pool.prosePiece(50) })) }),
      Agent: () => ({ description: this.pool.prosePiece(40), prompt: this.pool.prosePiece(this.rng.logNormal(900, 0.6, 100, 6_000)), subagent_type: this.rng.pick(['Explore', 'general-purpose', 'Plan']) }),
      WebFetch: () => ({ url: `https://example.com/docs/${this.rng.chars(8)}`, prompt: this.pool.prosePiece(120) })
    }
    const input = inputs[name] ?? inputs.Read
    return { id, name, input: input ? input() : {}, lineUuid: '' }
  }

  private toolResult(use: ToolUse): void {
    const error = this.rng.chance(0.04)
    const [content, result] = error ? [`<tool_use_error>${this.pool.prosePiece(120)}</tool_use_error>`, `Error: ${this.pool.prosePiece(80)}`] : this.toolOutput(use)
    const text = typeof content === 'string' ? content : JSON.stringify(content)
    this.fresh += tokensOf(text.length)
    this.clock += this.rng.logNormal(1_500, 1.2, 30, 600_000)
    this.entry({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: use.id, type: 'tool_result', content, ...(error ? { is_error: true } : {}) }] },
      toolUseResult: result,
      sourceToolAssistantUUID: use.lineUuid
    })
  }

  /** What the model gets back, and the CLI's own record of the tool's result. */
  private toolOutput(use: ToolUse): [unknown, unknown] {
    const file = String(use.input.file_path ?? '')
    switch (use.name) {
      case 'Read': {
        const body = this.pool.codePiece(this.rng.logNormal(5_000, 1.0, 100, 60_000))
        const lines = body.split('\n')
        return [lines.map((line, index) => `${String(index + 1).padStart(6)}→${line}`).join('\n'), { type: 'text', file: { filePath: file, content: body, numLines: lines.length, startLine: 1, totalLines: lines.length } }]
      }
      case 'Bash': {
        const stdout = this.pool.shellPiece(this.rng.logNormal(700, 1.4, 0, 30_000))
        return [stdout, { stdout, stderr: '', interrupted: false, isImage: false }]
      }
      case 'Edit': {
        const original = this.pool.codePiece(this.rng.logNormal(6_000, 0.9, 300, 60_000))
        const oldLines = String(use.input.old_string).split('\n')
        const newLines = String(use.input.new_string).split('\n')
        const snippet = this.pool.codePiece(this.rng.int(400, 1_600))
        return [
          `The file ${file} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${snippet}`,
          {
            filePath: file,
            oldString: use.input.old_string,
            newString: use.input.new_string,
            originalFile: original,
            structuredPatch: [{ oldStart: this.rng.int(1, 400), oldLines: oldLines.length, newStart: this.rng.int(1, 400), newLines: newLines.length, lines: [...oldLines.map((line) => `-${line}`), ...newLines.map((line) => `+${line}`)] }],
            userModified: false,
            replaceAll: false
          }
        ]
      }
      case 'Write':
        return [`File created successfully at: ${file}`, { type: 'create', filePath: file, content: use.input.content, structuredPatch: [] }]
      case 'Grep':
      case 'Glob': {
        const filenames = Array.from({ length: this.rng.logNormal(8, 1, 0, 250) }, () => this.filePath())
        return [filenames.join('\n'), { mode: 'files_with_matches', filenames, numFiles: filenames.length, durationMs: this.rng.int(3, 400) }]
      }
      case 'TodoWrite':
        return ['Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.', { oldTodos: [], newTodos: use.input.todos }]
      case 'Agent':
        return this.agentOutput(use)
      default: {
        const page = this.pool.prosePiece(this.rng.logNormal(3_000, 0.8, 100, 20_000))
        return [page, { bytes: page.length * 3, code: 200, codeText: 'OK', result: page, durationMs: this.rng.int(300, 9_000), url: use.input.url }]
      }
    }
  }

  /** Runs the subagent into its own file; the parent's result carries its summary and usage. */
  private agentOutput(use: ToolUse): [unknown, unknown] {
    const agentId = `a${hex(this.rng, 16)}`
    const model = this.rng.chance(0.5) ? this.plan.smallModel : this.plan.model
    const plan = { ...this.plan, startMs: this.clock }
    const sub = new SessionBuilder(this.rng, this.pool, plan, { agentId, model })
    const lines = sub.buildSubagent(String(use.input.prompt))
    this.subagents.push({ agentId, lines })
    this.clock = Math.max(this.clock, sub.clock)
    const total = lines.reduce(
      (sum, line) => (line.usage ? { input: sum.input + line.usage.tokens.input, output: sum.output + line.usage.tokens.output, cacheRead: sum.cacheRead + line.usage.tokens.cacheRead } : sum),
      { input: 0, output: 0, cacheRead: 0 }
    )
    const summary = this.pool.prosePiece(this.rng.logNormal(1_500, 0.7, 100, 12_000))
    return [
      [{ type: 'text', text: summary }],
      {
        status: 'completed',
        prompt: use.input.prompt,
        agentId,
        content: [{ type: 'text', text: summary }],
        totalDurationMs: sub.clock - plan.startMs,
        totalTokens: total.input + total.output + total.cacheRead,
        totalToolUseCount: lines.filter((line) => line.text.includes('"tool_use"')).length,
        usage: { input_tokens: total.input, cache_creation_input_tokens: 0, cache_read_input_tokens: total.cacheRead, output_tokens: total.output, service_tier: 'standard' }
      }
    ]
  }

  private userPrompt(text: string): void {
    this.fresh += tokensOf(text.length)
    if (this.plan.cli === 'v332' && !this.sidechain) this.meta({ type: 'api-request-blob', sessionId: this.plan.sessionId, hash: hex(this.rng, 64), message: { role: 'user', content: [{ type: 'text', text }] } })
    this.entry({ type: 'user', message: { role: 'user', content: text }, ...(this.plan.cli === 'v1' ? {} : { promptId: this.rng.uuid(), permissionMode: 'default' }) })
    this.clock += this.rng.int(300, 3_000)
  }

  private syntheticError(): void {
    const message = {
      id: this.rng.uuid(),
      model: '<synthetic>',
      role: 'assistant',
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, server_tool_use: { web_search_requests: 0 }, service_tier: null },
      content: [{ type: 'text', text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }]
    }
    this.entry({ type: 'assistant', message, isApiErrorMessage: true })
  }

  /** The CLI summarises and starts over from a small context. */
  private compact(): void {
    this.system('compact_boundary', { compactMetadata: { trigger: 'auto', preTokens: this.context } })
    const summary = this.pool.prosePiece(this.rng.logNormal(6_000, 0.5, 1_000, 30_000))
    this.entry({ type: 'user', message: { role: 'user', content: summary }, isCompactSummary: true, isVisibleInTranscriptOnly: true })
    this.context = 0
    this.fresh = this.rng.int(14_000, 32_000) + tokensOf(summary.length)
    if (this.plan.cli === 'v332') this.attachment({ type: 'prompt_snapshot', systemPrompt: [this.pool.prosePiece(58_000)] })
  }

  private apiRequest(): void {
    const id = this.rng.uuid()
    this.meta({
      type: 'api-request',
      sessionId: this.plan.sessionId,
      id,
      timestamp: this.iso(),
      version: CLI_VERSION.v332,
      querySource: this.sidechain ? 'agent' : 'repl_main_thread',
      shapeHash: hex(this.rng, 64),
      params: { model: this.model, betas: ['interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'claude-code-20250219', 'effort-2025-11-24'], max_tokens: 32_000, thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'medium' } },
      thread: { type: 'none' },
      echoWireToolInputs: false,
      ...(this.requestRef ? { base: this.requestRef } : {}),
      keep: this.rng.int(0, 40),
      tail: Array.from({ length: this.rng.int(1, 4) }, () => hex(this.rng, 64)),
      cacheControl: [{ path: ['system', 0], value: { type: 'ephemeral' } }],
      requestDigest: hex(this.rng, 64)
    })
    this.requestRef = id
  }

  private fileHistorySnapshot(): void {
    const messageId = this.rng.uuid()
    const backups: Record<string, unknown> = {}
    for (let i = this.rng.int(0, 8); i > 0; i--) backups[this.filePath()] = { backupFileName: `${hex(this.rng, 16)}@v${this.rng.int(1, 9)}`, version: this.rng.int(1, 9), backupTime: this.iso() }
    this.meta({ type: 'file-history-snapshot', messageId, snapshot: { messageId, trackedFileBackups: backups, timestamp: this.iso() }, isSnapshotUpdate: false })
  }

  private attachment(attachment: Record<string, unknown>): void {
    this.entry({ attachment, type: 'attachment' })
  }

  private system(subtype: string, fields: Record<string, unknown>): void {
    this.entry({ type: 'system', subtype, content: '', level: 'info', ...fields })
  }

  /** A conversation line: the common envelope around `body`; returns its uuid. */
  private entry(body: Record<string, unknown>, usage?: LineUsage): string {
    const uuid = this.rng.uuid()
    const { cli } = this.plan
    const line = {
      parentUuid: this.parentUuid,
      isSidechain: this.sidechain !== undefined,
      ...(this.sidechain ? { agentId: this.sidechain.agentId } : {}),
      ...body,
      uuid,
      timestamp: this.iso(),
      userType: 'external',
      ...(cli === 'v1' ? {} : { entrypoint: 'cli' }),
      cwd: this.plan.cwd,
      sessionId: this.plan.sessionId,
      version: CLI_VERSION[cli],
      gitBranch: 'main'
    }
    this.parentUuid = uuid
    this.lines.push(usage ? { text: JSON.stringify(line), usage } : { text: JSON.stringify(line) })
    this.clock += this.rng.int(1, 60)
    return uuid
  }

  /** A bookkeeping line outside the conversation chain. */
  private meta(line: Record<string, unknown>): void {
    this.lines.push({ text: JSON.stringify(line) })
  }

  private filePath(): string {
    return `${this.plan.cwd}/src/${this.rng.pick(['main', 'renderer', 'shared', 'tests'])}/${this.rng.chars(this.rng.int(4, 12)).toLowerCase()}.ts`
  }

  /** Milliseconds, as the CLI writes them: ccusage rejects any other timestamp format. */
  private iso(): string {
    return new Date(this.clock).toISOString()
  }
}
