// Claude transcript lines as the CLI writes them, for the cost tests.

export interface UsageNumbers {
  input?: number
  output?: number
  cacheRead?: number
  /** cache_creation_input_tokens with no split (all 5-minute writes). */
  cacheWrite?: number
  /** With a split: cache_creation.{ephemeral_5m,ephemeral_1h}_input_tokens (and their sum as the total). */
  split?: { m5: number; h1: number }
}

export interface AssistantLine {
  sessionId: string
  messageId?: string
  requestId?: string
  model?: string
  timestamp?: string
  cwd?: string
  sidechain?: boolean
  usage: UsageNumbers
}

export function assistantLine(line: AssistantLine): string {
  const { usage } = line
  const cacheCreation = usage.split ? usage.split.m5 + usage.split.h1 : (usage.cacheWrite ?? 0)
  return JSON.stringify({
    parentUuid: null,
    isSidechain: line.sidechain ?? false,
    userType: 'external',
    cwd: line.cwd ?? '/work/project',
    sessionId: line.sessionId,
    version: '2.1.197',
    message: {
      ...(line.messageId ? { id: line.messageId } : {}),
      type: 'message',
      role: 'assistant',
      model: line.model ?? 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Done: the "usage" of this word in text does not matter.' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: usage.input ?? 0,
        cache_creation_input_tokens: cacheCreation,
        cache_read_input_tokens: usage.cacheRead ?? 0,
        output_tokens: usage.output ?? 0,
        ...(usage.split ? { cache_creation: { ephemeral_5m_input_tokens: usage.split.m5, ephemeral_1h_input_tokens: usage.split.h1 } } : {}),
        service_tier: 'standard'
      }
    },
    ...(line.requestId ? { requestId: line.requestId } : {}),
    type: 'assistant',
    uuid: `u-${Math.random().toString(36).slice(2)}`,
    timestamp: line.timestamp ?? '2025-06-01T12:00:00.000Z'
  })
}

export function userLine(sessionId: string, text: string): string {
  return JSON.stringify({ type: 'user', sessionId, message: { role: 'user', content: text }, timestamp: '2025-06-01T11:59:00.000Z' })
}
