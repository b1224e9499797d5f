import type { TokenCounts } from '../../shared/costs'
import { localDay } from './local-day'
import { contextTokens, isLongContext } from './prices'
import { addTokens, totalTokens, zeroTokens } from './token-counts'
import type { UsageEntry } from './usage-line'

/** Requests alike for billing: one session, one model, one local day, one side of the long-context line. */
export interface UsageBucket {
  sessionId: string
  model: string
  day: string
  longContext: boolean
  tokens: TokenCounts
  requests: number
}

export interface LastRequest {
  timeMs: number
  model: string
  /** input + cache read + cache writes: how full the context was. */
  contextTokens: number
  sidechain: boolean
}

export interface SessionUsage {
  sessionId: string
  /** The folder of the first counted line that named one. */
  cwd: string | undefined
  firstMs: number
  lastMs: number
  /** The newest main-conversation request (a subagent's only while the session has none). */
  lastRequest: LastRequest | undefined
  buckets: Map<string, UsageBucket>
}

/** One counted API response as responses() lists it. */
export interface CountedResponse {
  sessionId: string
  model: string
  longContext: boolean
  timeMs: number
  tokens: TokenCounts
}

/** One counted API response, kept so a larger copy of it can take its place. */
interface Counted {
  key: string
  sidechain: boolean
  total: number
  timeMs: number
  tokens: TokenCounts
  bucket: UsageBucket
  /** Another response under the same message id (another request id). */
  next: Counted | undefined
}

/**
 * Usage counted once per API response across every transcript, aggregated into buckets so
 * memory grows with responses' keys, not with lines. The key is ccusage's; the choice among
 * copies is not (ccusage 18 keeps the first, which undercounts streamed partial lines):
 * - one response per `message.id:requestId`; when a key repeats (a line per content block,
 *   streamed partial lines, forks copying history), the copy with the most tokens counts;
 * - a sidechain line whose message id matches another response's (a `/btw` side question
 *   replays parent messages under new request ids) is a copy too, and the parent's copy wins;
 * - lines without both ids are each counted.
 * Equal copies keep the earlier one, so the result does not depend on the order files are read.
 */
export class UsageLedger {
  readonly sessions = new Map<string, SessionUsage>()
  private readonly byMessage = new Map<string, Counted>()
  private changed = new Set<string>()

  /** Counts the entry; false when a copy of it already counts (and stays). */
  add(entry: UsageEntry): boolean {
    if (entry.key === undefined || entry.messageId === undefined) {
      this.countInto(entry, this.bucketFor(entry))
      return true
    }
    const head = this.byMessage.get(entry.messageId)
    const existing = findCopy(head, entry)
    if (!existing) {
      const bucket = this.bucketFor(entry)
      this.countInto(entry, bucket)
      this.byMessage.set(entry.messageId, { ...countedOf(entry, bucket), next: head })
      return true
    }
    if (!shouldReplace(entry, existing)) return false
    this.uncount(existing)
    const bucket = this.bucketFor(entry)
    this.countInto(entry, bucket)
    Object.assign(existing, countedOf(entry, bucket))
    return true
  }

  /**
   * Every response counted under a message id, with its time (the time slices of a task's
   * stages are summed from these, see range-cost.ts). Lines without both ids are not kept
   * apart from their bucket, so they are not listed.
   */
  *responses(): IterableIterator<CountedResponse> {
    for (const head of this.byMessage.values()) {
      for (let counted: Counted | undefined = head; counted; counted = counted.next) {
        const { bucket } = counted
        yield { sessionId: bucket.sessionId, model: bucket.model, longContext: bucket.longContext, timeMs: counted.timeMs, tokens: counted.tokens }
      }
    }
  }

  /** Session ids whose usage changed since the last call. */
  takeChanged(): string[] {
    const changed = [...this.changed]
    this.changed = new Set()
    return changed
  }

  private countInto(entry: UsageEntry, bucket: UsageBucket): void {
    addTokens(bucket.tokens, entry.tokens)
    bucket.requests += 1
    const session = this.session(entry.sessionId)
    session.cwd ??= entry.cwd
    session.firstMs = Math.min(session.firstMs, entry.timeMs)
    session.lastMs = Math.max(session.lastMs, entry.timeMs)
    const request = { timeMs: entry.timeMs, model: entry.model, contextTokens: contextTokens(entry.tokens), sidechain: entry.sidechain === true }
    if (isNewerRequest(request, session.lastRequest)) session.lastRequest = request
    this.changed.add(entry.sessionId)
  }

  private uncount(counted: Counted): void {
    const bucket = counted.bucket
    addTokens(bucket.tokens, counted.tokens, -1)
    bucket.requests -= 1
    if (bucket.requests === 0) this.sessions.get(bucket.sessionId)?.buckets.delete(bucketKey(bucket))
    this.changed.add(bucket.sessionId)
  }

  private bucketFor(entry: UsageEntry): UsageBucket {
    const buckets = this.session(entry.sessionId).buckets
    const candidate = { sessionId: entry.sessionId, model: entry.model, day: localDay(entry.timeMs), longContext: isLongContext(entry.tokens) }
    const key = bucketKey(candidate)
    let bucket = buckets.get(key)
    if (!bucket) {
      bucket = { ...candidate, tokens: zeroTokens(), requests: 0 }
      buckets.set(key, bucket)
    }
    return bucket
  }

  private session(sessionId: string): SessionUsage {
    let session = this.sessions.get(sessionId)
    if (!session) {
      session = { sessionId, cwd: undefined, firstMs: Infinity, lastMs: -Infinity, lastRequest: undefined, buckets: new Map() }
      this.sessions.set(sessionId, session)
    }
    return session
  }
}

function bucketKey(bucket: Pick<UsageBucket, 'model' | 'day' | 'longContext'>): string {
  return `${bucket.model}\n${bucket.day}\n${bucket.longContext ? 'long' : ''}`
}

function countedOf(entry: UsageEntry, bucket: UsageBucket): Omit<Counted, 'next'> {
  return { key: entry.key ?? '', sidechain: entry.sidechain === true, total: totalTokens(entry.tokens), timeMs: entry.timeMs, tokens: entry.tokens, bucket }
}

/** The counted response this entry copies: the same key, else (sidechain replays) the same message id. */
function findCopy(head: Counted | undefined, entry: UsageEntry): Counted | undefined {
  for (let counted = head; counted; counted = counted.next) if (counted.key === entry.key) return counted
  for (let counted = head; counted; counted = counted.next) if (entry.sidechain === true || counted.sidechain) return counted
  return undefined
}

/**
 * The parent's copy beats a sidechain replay; then the most tokens; then the earlier line;
 * then the smaller session id; then, for equal totals split otherwise, the most output (and so
 * on by class), so that no tie is left to the order the files were read in.
 */
function shouldReplace(entry: UsageEntry, existing: Counted): boolean {
  const sidechain = entry.sidechain === true
  if (sidechain !== existing.sidechain) return existing.sidechain
  const total = totalTokens(entry.tokens)
  if (total !== existing.total) return total > existing.total
  if (entry.timeMs !== existing.timeMs) return entry.timeMs < existing.timeMs
  if (entry.sessionId !== existing.bucket.sessionId) return entry.sessionId < existing.bucket.sessionId
  return compareClasses(entry.tokens, existing.tokens) > 0
}

function compareClasses(a: TokenCounts, b: TokenCounts): number {
  return a.output - b.output || a.input - b.input || a.cacheWrite1h - b.cacheWrite1h || a.cacheWrite5m - b.cacheWrite5m || a.cacheRead - b.cacheRead
}

/** A main-conversation request beats a subagent's; then the newer one wins. */
function isNewerRequest(request: LastRequest, last: LastRequest | undefined): boolean {
  if (!last) return true
  if (request.sidechain !== last.sidechain) return last.sidechain
  return request.timeMs >= last.timeMs
}
