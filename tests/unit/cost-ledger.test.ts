import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CostEngine } from '../../src/main/costs/cost-engine'
import { type SessionUsage, UsageLedger } from '../../src/main/costs/ledger'
import { parseUsageLine, type UsageEntry } from '../../src/main/costs/usage-line'
import type { TokenCounts } from '../../src/shared/costs'
import { assistantLine, type AssistantLine } from '../support/transcript-lines'

// Counting each API response once (ccusage's rules): one per message.id + requestId across all
// files, the copy with the most tokens kept, sidechain replays not counted twice, lines
// without ids each counted, and the same result whatever order the files are read in.

const tokens = (patch: Partial<TokenCounts> = {}): TokenCounts => ({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, ...patch })

function entry(line: AssistantLine): UsageEntry {
  const parsed = parseUsageLine(assistantLine(line))
  if (!parsed) throw new Error('the helper wrote a line without usage')
  return parsed
}

interface SessionSums {
  tokens: TokenCounts
  requests: number
}

function sums(session: SessionUsage | undefined): SessionSums {
  const total = { tokens: tokens(), requests: 0 }
  for (const bucket of session?.buckets.values() ?? []) {
    for (const key of Object.keys(total.tokens) as Array<keyof TokenCounts>) total.tokens[key] += bucket.tokens[key]
    total.requests += bucket.requests
  }
  return total
}

/** Every session's sums after adding the entries in this order (sessions without usage left out). */
function countAll(entries: UsageEntry[]): Record<string, SessionSums> {
  const ledger = new UsageLedger()
  for (const one of entries) ledger.add(one)
  const result: Record<string, SessionSums> = {}
  for (const [id, session] of ledger.sessions) {
    const sessionSums = sums(session)
    if (sessionSums.requests > 0) result[id] = sessionSums
  }
  return result
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]))
}

/** Counts the entries in every order and checks they all agree; returns that result. */
function countInEveryOrder(entries: UsageEntry[]): Record<string, SessionSums> {
  const [first, ...others] = permutations(entries).map(countAll)
  for (const other of others) expect(other).toEqual(first)
  return first ?? {}
}

describe('UsageLedger', () => {
  it('counts a response written as a line per content block once', () => {
    const block = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { input: 10, output: 40, cacheRead: 1000 } })
    const ledger = new UsageLedger()
    expect(ledger.add(block)).toBe(true)
    expect(ledger.add({ ...block })).toBe(false)
    expect(ledger.add({ ...block })).toBe(false)
    expect(sums(ledger.sessions.get('s1'))).toEqual({ tokens: tokens({ input: 10, output: 40, cacheRead: 1000 }), requests: 1 })
  })

  it('keeps the copy with the most tokens, whichever comes first', () => {
    // Streamed partial lines: the same response with its output growing.
    const copies = [3, 250, 40].map((output) => entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { input: 10, output, cacheWrite: 500 } }))
    expect(countInEveryOrder(copies)).toEqual({ s1: { tokens: tokens({ input: 10, output: 250, cacheWrite5m: 500 }), requests: 1 } })
  })

  it('counts distinct responses, and two requests that share a message id, each', () => {
    const first = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { output: 1 } })
    const second = entry({ sessionId: 's1', messageId: 'msg_b', requestId: 'req_b', usage: { output: 2 } })
    // A retry of the same message under another request id (not a sidechain): its own response.
    const retried = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_c', usage: { output: 4 } })
    expect(countInEveryOrder([first, second, retried])).toEqual({ s1: { tokens: tokens({ output: 7 }), requests: 3 } })
  })

  it('counts every line that lacks a message id or a request id', () => {
    const noRequest = entry({ sessionId: 's1', messageId: 'msg_a', usage: { output: 5 } })
    const noMessage = entry({ sessionId: 's1', requestId: 'req_a', usage: { output: 5 } })
    const neither = entry({ sessionId: 's1', usage: { output: 5 } })
    const ledger = new UsageLedger()
    for (const one of [noRequest, noRequest, noMessage, noMessage, neither]) expect(ledger.add(one)).toBe(true)
    expect(sums(ledger.sessions.get('s1'))).toEqual({ tokens: tokens({ output: 25 }), requests: 5 })
  })

  it('does not count a sidechain replay of a parent message twice: the parent copy wins, even when smaller', () => {
    // A /btw side question replays the parent's messages under new request ids.
    const parent = entry({ sessionId: 's1', messageId: 'msg_p', requestId: 'req_p', usage: { input: 100, output: 20 } })
    const replay = entry({ sessionId: 's1', messageId: 'msg_p', requestId: 'req_side', sidechain: true, usage: { input: 100, output: 20, cacheRead: 9000 } })
    const replayAgain = entry({ sessionId: 's1', messageId: 'msg_p', requestId: 'req_side2', sidechain: true, usage: { input: 100, output: 20, cacheRead: 9500 } })
    const sideQuestion = entry({ sessionId: 's1', messageId: 'msg_q', requestId: 'req_side', sidechain: true, usage: { output: 3 } })
    expect(countInEveryOrder([parent, replay, replayAgain, sideQuestion])).toEqual({ s1: { tokens: tokens({ input: 100, output: 23 }), requests: 2 } })
    // A replay whose parent is not on disk still counts once.
    expect(countInEveryOrder([replay, replayAgain])).toEqual({ s1: { tokens: tokens({ input: 100, output: 20, cacheRead: 9500 }), requests: 1 } })
  })

  it('gives equal copies to the earlier line, then the smaller session id, in any order', () => {
    const usage = { input: 10, output: 10 }
    const late = entry({ sessionId: 'a-fork', messageId: 'msg_a', requestId: 'req_a', timestamp: '2025-06-01T12:00:05.000Z', usage })
    const early = entry({ sessionId: 'b-original', messageId: 'msg_a', requestId: 'req_a', timestamp: '2025-06-01T12:00:00.000Z', usage })
    expect(countInEveryOrder([late, early])).toEqual({ 'b-original': { tokens: tokens(usage), requests: 1 } })
    const sameTime = entry({ sessionId: 'a-fork', messageId: 'msg_a', requestId: 'req_a', timestamp: '2025-06-01T12:00:00.000Z', usage })
    expect(countInEveryOrder([early, sameTime])).toEqual({ 'a-fork': { tokens: tokens(usage), requests: 1 } })
  })

  it('breaks a tie of equal totals split otherwise the same way in any order', () => {
    const a = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { input: 30, output: 10 } })
    const b = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { input: 10, output: 30 } })
    const c = entry({ sessionId: 's1', messageId: 'msg_a', requestId: 'req_a', usage: { input: 10, output: 10, cacheRead: 20 } })
    expect(countInEveryOrder([a, b, c])).toEqual({ s1: { tokens: tokens({ input: 10, output: 30 }), requests: 1 } })
  })

  it('moves a replaced copy out of its session and day', () => {
    const ledger = new UsageLedger()
    // Noon local time, so the day is the same in every zone.
    const localNoon = (day: number): string => new Date(2025, 5, day, 12).toISOString()
    ledger.add(entry({ sessionId: 'small', messageId: 'msg_a', requestId: 'req_a', timestamp: localNoon(1), usage: { output: 1 } }))
    expect(ledger.takeChanged()).toEqual(['small'])
    ledger.add(entry({ sessionId: 'large', messageId: 'msg_a', requestId: 'req_a', timestamp: localNoon(3), usage: { output: 2 } }))
    // Both sessions changed: one lost the response, the other gained it.
    expect(ledger.takeChanged().sort()).toEqual(['large', 'small'])
    expect(sums(ledger.sessions.get('small')).requests).toBe(0)
    expect([...(ledger.sessions.get('small')?.buckets.values() ?? [])]).toEqual([])
    expect([...(ledger.sessions.get('large')?.buckets.values() ?? [])].map((bucket) => [bucket.day, bucket.requests])).toEqual([['2025-06-03', 1]])
    // A copy that does not win changes nothing.
    ledger.add(entry({ sessionId: 'small', messageId: 'msg_a', requestId: 'req_a', usage: { output: 1 } }))
    expect(ledger.takeChanged()).toEqual([])
  })
})

describe('dedupe across files', () => {
  function projectsDir(): string {
    return mkdtempSync(join(tmpdir(), 'tessera-cost-ledger-'))
  }
  const write = (path: string, lines: AssistantLine[]): void => writeFileSync(path, lines.map(assistantLine).join('\n') + '\n')

  it('keeps the larger copy of a response found in two files (a fork), in either read order', () => {
    const root = projectsDir()
    mkdirSync(join(root, 'p'))
    const original = join(root, 'p', 'original.jsonl')
    const fork = join(root, 'p', 'fork.jsonl')
    // The fork copied the response while it was still streaming (fewer output tokens).
    write(original, [
      { sessionId: 'original', messageId: 'msg_a', requestId: 'req_a', usage: { input: 100, output: 900 } },
      { sessionId: 'original', messageId: 'msg_a', requestId: 'req_a', usage: { input: 100, output: 900 } }
    ])
    write(fork, [
      { sessionId: 'fork', messageId: 'msg_a', requestId: 'req_a', usage: { input: 100, output: 12 } },
      { sessionId: 'fork', messageId: 'msg_f', requestId: 'req_f', usage: { input: 5, output: 5 } }
    ])
    for (const order of [
      [original, fork],
      [fork, original]
    ]) {
      const engine = new CostEngine()
      for (const file of order) engine.fileChanged(file)
      expect(engine.sessionCost(['original']).tokens).toEqual(tokens({ input: 100, output: 900 }))
      expect(engine.sessionCost(['fork']).tokens).toEqual(tokens({ input: 5, output: 5 }))
      // Both sessions of one pane (a /clear): the shared response once.
      const both = engine.sessionCost(['original', 'fork'])
      expect(both.tokens).toEqual(tokens({ input: 105, output: 905 }))
      expect(both.models.map((model) => model.requests)).toEqual([2])
    }
  })

  it('reads a subagent transcript under its parent session, and scans whole roots the same', () => {
    const root = projectsDir()
    const subagents = join(root, 'p', 'parent-session', 'subagents')
    mkdirSync(subagents, { recursive: true })
    write(join(root, 'p', 'parent-session.jsonl'), [{ sessionId: 'parent-session', messageId: 'msg_p', requestId: 'req_p', usage: { output: 10 } }])
    // A subagent line that names no session belongs to the folder above subagents/.
    const line = JSON.parse(assistantLine({ sessionId: 'x', messageId: 'msg_s', requestId: 'req_s', sidechain: true, usage: { output: 7 } })) as Record<string, unknown>
    writeFileSync(join(subagents, 'agent-1.jsonl'), JSON.stringify({ ...line, sessionId: undefined }) + '\n')
    writeFileSync(join(root, 'p', 'notes.txt'), assistantLine({ sessionId: 'ignored', usage: { output: 1000 } }) + '\n')
    const engine = new CostEngine()
    expect(engine.scanRoots([root, join(root, 'missing')])).toEqual(['parent-session'])
    expect(engine.sessionCost(['parent-session']).tokens).toEqual(tokens({ output: 17 }))
    expect(engine.sessionCost(['ignored']).tokens).toEqual(tokens())
    // A second scan reads nothing new.
    expect(engine.scanRoots([root])).toEqual([])
  })
})
