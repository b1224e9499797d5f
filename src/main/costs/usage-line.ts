import type { TokenCounts } from '../../shared/costs'

/** One API response's usage as a transcript line reports it. */
export interface UsageEntry {
  /** `${message.id}:${requestId}`; undefined when either is missing (such a line is counted on its own). */
  key: string | undefined
  /** message.id alone: a sidechain replay of a parent message matches on it (see ledger.ts). */
  messageId: string | undefined
  sessionId: string
  model: string
  /** ISO time from the line. */
  timestamp: string
  /** Date.parse(timestamp), already checked to be a number. */
  timeMs: number
  tokens: TokenCounts
  cwd?: string
  sidechain?: boolean
}

type Json = Record<string, unknown>

/** The model the CLI writes for lines it made up itself (interrupted turns, API errors); never billed. */
const SYNTHETIC_MODEL = '<synthetic>'

/**
 * Parses one transcript JSONL line; undefined for anything but an assistant line with usage
 * (and for garbage: this never throws). `fallbackSessionId` stands in for a line without sessionId.
 */
export function parseUsageLine(line: string, fallbackSessionId = ''): UsageEntry | undefined {
  const data = parseObject(line)
  if (!data || data.type !== 'assistant') return undefined
  const message = asObject(data.message)
  const usage = asObject(message?.usage)
  const model = message?.model
  if (!message || !usage || typeof model !== 'string' || model === '' || model === SYNTHETIC_MODEL) return undefined
  if (typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return undefined
  const timestamp = data.timestamp
  const timeMs = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN
  if (Number.isNaN(timeMs)) return undefined
  const messageId = nonEmptyString(message.id)
  const requestId = nonEmptyString(data.requestId)
  return {
    key: messageId && requestId ? `${messageId}:${requestId}` : undefined,
    messageId,
    sessionId: nonEmptyString(data.sessionId) ?? fallbackSessionId,
    model,
    timestamp: timestamp as string,
    timeMs,
    tokens: tokensOf(usage),
    ...(typeof data.cwd === 'string' && data.cwd !== '' ? { cwd: data.cwd } : {}),
    ...(data.isSidechain === true ? { sidechain: true } : {})
  }
}

/**
 * Cache writes split by lifetime as the CLI bills them: cache_creation_input_tokens is the
 * total, its 1-hour share (capped at the total) is what the split names, the rest are
 * 5-minute writes. So a split of zeros beside a non-zero total (the CLI's default split, kept
 * when an API sends none) still counts the writes; without a total the split's sum is used.
 */
function tokensOf(usage: Json): TokenCounts {
  const split = asObject(usage.cache_creation)
  const split5m = count(split?.ephemeral_5m_input_tokens)
  const split1h = count(split?.ephemeral_1h_input_tokens)
  const written = typeof usage.cache_creation_input_tokens === 'number' ? count(usage.cache_creation_input_tokens) : split5m + split1h
  const cacheWrite1h = Math.min(split1h, written)
  return {
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    cacheWrite5m: written - cacheWrite1h,
    cacheWrite1h,
    cacheRead: count(usage.cache_read_input_tokens)
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0
}

function parseObject(line: string): Json | undefined {
  try {
    return asObject(JSON.parse(line))
  } catch {
    return undefined
  }
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
