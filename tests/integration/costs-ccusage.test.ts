import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { CostEngine } from '../../src/main/costs/cost-engine'
import { DEFAULT_PRICES, priceFor } from '../../src/main/costs/prices'
import type { CostReport, CostRow, TokenCounts } from '../../src/shared/costs'
import { CLAUDE_CLIS } from '../support/claude-versions.ts'
import { REPO_ROOT } from '../support/claude-harness.ts'
import { paneCounted, runCostScenario, startCostRig, tokensOfReply, transcriptFiles, type ScenarioRun } from '../support/cost-scenario.ts'
import { assistantLine, userLine, type AssistantLine } from '../support/transcript-lines.ts'

// Our cost engine against ccusage 18.0.11 (the reference third-party tracker), run offline on
// the same transcripts: those the real CLI writes (both versions, one config dir) and generated
// sets. Tokens per model, per day and per project must be equal; dollars agree within 0.5 % on
// every model ccusage prices offline wherever its rule is ours. Where they differ, and why:
//
// Prices (ours: prices.ts; ccusage: its offline copy of LiteLLM's table, `--offline`):
// - 1-hour cache writes, every model: ccusage reads only cache_creation_input_tokens and bills
//   them all at the 5-minute write rate; we bill cache_creation.ephemeral_1h_input_tokens at the
//   1-hour rate (2× input; 5-minute writes are 1.25×). Ours − ccusage = 1h tokens × (rate1h − rate5m).
// - Long context (claude-sonnet-4 / 4.5, above 200k input tokens in one request): we bill the
//   whole request at the long-context rates once input + cache reads + cache writes pass 200k
//   (Anthropic's rule); ccusage bills, class by class, only that class's tokens above 200k at
//   the higher rate, so a request of 150k input + 120k cache reads is all at base rates there.
// - claude-3-5-sonnet: ccusage has a long-context tier for it (6 / 30 / 7.5 / 0.6, from Bedrock
//   entries its fuzzy match finds); we have none (the model had no such tier). Same below 200k.
// - No offline price in ccusage (it reports $0; we price them from the CLI's own table):
//   claude-opus-4-8 (5 / 25), claude-sonnet-5 (3 / 15), claude-opus-5-5 (4 / 20),
//   claude-sonnet-5-5 (2 / 10), claude-fable-5 (10 / 50), claude-fable-5-2 (8 / 40).
//   claude-haiku-5-5 has a price in neither (its output price is unconfirmed: "price unknown").
// - Priced by ccusage, "price unknown" in ours (retired Claude 3 models, not in our defaults):
//   claude-3-haiku-20240307 (0.25 / 1.25 / 0.3 / 0.03), claude-3-opus-20240229 (15 / 75 / 18.75 / 1.5),
//   claude-3-sonnet-20240229 (3 / 15 / 3.75 / 0.3).
// - Every other model these CLIs send or the generated sets hold has the same rates in both
//   (claude-haiku-4-5 1 / 5 / 1.25 / 0.1, claude-3-5-haiku 0.8 / 4 / 1 / 0.08, claude-opus-4-5…4-7
//   5 / 25 / 6.25 / 0.5, claude-opus-4 / 4-1 15 / 75 / 18.75 / 1.5, claude-sonnet-4-x and
//   claude-3-7-sonnet 3 / 15 / 3.75 / 0.3).
// Counting (tokens):
// - A response copied under one message id + request id: ccusage keeps the first copy it reads
//   (files in order of their earliest timestamp); we keep the one with the most tokens. They
//   agree unless a streamed partial copy (fewer output tokens) is read first: then ccusage
//   undercounts by the difference.
// - A sidechain line replaying a parent message under a new request id (`/btw`): we count the
//   response once, ccusage twice.
// - ccusage 18's `session` report groups by folder, not by session: one row per project folder
//   (its main transcripts) and one per session's subagents/ folder; `session --id` counts every
//   line of one file without deduplication. We compare per project folder.
// - We use `--mode calculate`: ccusage's default (auto) would take a line's costUSD where an
//   old CLI wrote one.

/** Days are local days: the same fixed zone for both (the generated set has lines either side of its midnight). */
const TIME_ZONE = 'America/New_York'
process.env.TZ = TIME_ZONE

const CCUSAGE = join(REPO_ROOT, 'node_modules', 'ccusage', 'dist', 'index.js')
/** Model ids ccusage 18.0.11 has no offline price for (it reports $0). */
const CCUSAGE_UNPRICED = new Set(['claude-opus-4-8', 'claude-sonnet-5', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-fable-5', 'claude-fable-5-2', 'claude-haiku-5-5'])
/** Within this share of ccusage's dollars, where both price a model by the same rule. */
const COST_TOLERANCE = 0.005

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('our cost engine and ccusage 18 on the same transcripts', () => {
  it("count the real CLI's transcripts alike, and differ in dollars by exactly the 1-hour writes", { timeout: 180_000 }, async () => {
    // One config dir per CLI (2.1.332 greets a dir an older version used with a dialog); ccusage reads a list.
    const runs: Array<{ configDir: string; run: ScenarioRun }> = []
    for (const cli of CLAUDE_CLIS) {
      const rig = await startCostRig(cli, cleanups)
      const run = await runCostScenario(rig)
      // The CLI may write a line after the reply shows: the pane counting it all says the transcripts are complete.
      await paneCounted(rig, run)
      runs.push({ configDir: rig.configDir, run })
    }
    const dirs = runs.map((entry) => entry.configDir)
    const engine = scan(dirs)
    const ours = engine.report('all', Date.now(), [])
    const daily = await ccusage<DailyJson>(dirs, 'daily')
    const theirs = ccusageModels(daily)

    // Tokens: both equal what the fake API handed out, per model and per day.
    expect(ourModelTokens(ours)).toEqual(modelTokensOf(theirs))
    expect(ourModelTokens(ours)).toEqual(handedOut(runs.map((entry) => entry.run)))
    expect(ourDayTokens(ours)).toEqual(ccusageDayTokens(daily))
    // Per project folder (ccusage's "session"): the folder of each run holds the pane's two sessions.
    const sessions = await ccusage<SessionJson>(dirs, 'session')
    for (const { configDir, run } of runs) {
      const folder = projectFolderOf(configDir, run.sessions[0])
      expect(ccusageFolderTokens(sessions, folder)).toEqual(merged(engine.sessionCost(run.sessions).tokens))
    }

    // Dollars: every response has 1-hour writes or not; ccusage bills them at the 5-minute rate.
    const compared = ours.byModel.filter((row) => !CCUSAGE_UNPRICED.has(row.key))
    expect(compared.map((row) => row.key)).toContain('claude-haiku-4-5-20251001')
    for (const row of ours.byModel) {
      const theirCost = theirs.get(row.key)?.cost
      if (CCUSAGE_UNPRICED.has(row.key)) {
        expect(theirCost, row.key).toBe(0)
        continue
      }
      const rates = priceFor(DEFAULT_PRICES, row.key)?.rates
      expect(rates, row.key).toBeDefined()
      expect(row.tokens.cacheWrite1h, row.key).toBeGreaterThan(0)
      const oneHourExtra = (row.tokens.cacheWrite1h * ((rates?.cacheWrite1h ?? 0) - (rates?.cacheWrite5m ?? 0))) / 1_000_000
      expect(row.cost - (theirCost ?? NaN), row.key).toBeCloseTo(oneHourExtra, 10)
    }
  })

  it('count a generated history alike (copies across files, partial copies, subagents, three days, twelve models) and price it within 0.5 %', async () => {
    // The zone is in force: 03:30 UTC on June 2 is still June 1 in New York.
    expect(new Date('2025-06-02T03:30:00Z').getDate()).toBe(1)
    const dir = writeTranscripts(AGREEING_SET)
    const engine = scan([dir])
    const ours = engine.report('all', Date.parse('2025-06-04T12:00:00Z'), [])
    const daily = await ccusage<DailyJson>([dir], 'daily')
    const theirs = ccusageModels(daily)

    expect(ourModelTokens(ours)).toEqual(modelTokensOf(theirs))
    expect(Object.keys(ourModelTokens(ours))).toHaveLength(12)
    expect(ourDayTokens(ours)).toEqual(ccusageDayTokens(daily))
    expect(Object.keys(ourDayTokens(ours))).toEqual(['2025-06-01', '2025-06-02', '2025-06-03'])
    const sessions = await ccusage<SessionJson>([dir], 'session')
    expect(ccusageFolderTokens(sessions, '-work-alpha')).toEqual(merged(engine.sessionCost(['alpha-1', 'alpha-fork']).tokens))
    expect(ccusageFolderTokens(sessions, '-work-beta')).toEqual(merged(engine.sessionCost(['beta-1']).tokens))

    let agreeing = 0
    for (const row of ours.byModel) {
      const theirCost = theirs.get(row.key)?.cost ?? NaN
      if (CCUSAGE_UNPRICED.has(row.key)) {
        expect([row.key, theirCost]).toEqual([row.key, 0])
        expect(row.cost, row.key).toBeGreaterThan(0)
      } else if (row.unpricedModels.includes(row.key)) {
        expect(row.key).toMatch(/^claude-3-(haiku|opus|sonnet)-/)
        expect(theirCost, row.key).toBeGreaterThan(0)
      } else {
        expect(Math.abs(row.cost - theirCost), `${row.key}: ours ${row.cost}, ccusage ${theirCost}`).toBeLessThanOrEqual(theirCost * COST_TOLERANCE)
        agreeing += 1
      }
    }
    expect(agreeing).toBe(8)
  })

  it('differ exactly as documented: a partial copy read first, a sidechain replay, long context, 1-hour writes', async () => {
    const dir = writeTranscripts(DIFFERING_SET)
    const ours = scan([dir]).report('all', Date.parse('2025-06-04T12:00:00Z'), [])
    const theirs = ccusageModels(await ccusage<DailyJson>([dir], 'daily'))
    const row = (model: string): CostRow => ours.byModel.find((candidate) => candidate.key === model) as CostRow
    const ourTokens = (model: string): MergedTokens => merged(row(model).tokens)
    const theirTokens = (model: string): MergedTokens => theirs.get(model)?.tokens as MergedTokens
    const dollarsApart = (model: string): number => row(model).cost - (theirs.get(model)?.cost ?? NaN)

    // haiku-4-5: the partial copy (1 output token) comes first; ccusage keeps it, we keep the full one (777).
    expect(ourTokens(HAIKU)).toEqual({ ...theirTokens(HAIKU), output: theirTokens(HAIKU).output + 776 })
    expect(dollarsApart(HAIKU)).toBeCloseTo((776 * 5) / 1e6, 12)
    // opus-4-1: the subagent's replay of the parent's response counts twice in ccusage.
    expect(theirTokens(OPUS_4_1)).toEqual(doubled(ourTokens(OPUS_4_1)))
    expect(-dollarsApart(OPUS_4_1)).toBeCloseTo(row(OPUS_4_1).cost, 12)
    // sonnet-4-5, 150k input + 120k cache reads + 1k output: the whole request at 6 / 0.6 / 22.5 (ours,
    // $0.9945) against each class under 200k at 3 / 0.3 / 15 (ccusage, $0.501).
    expect(ourTokens(SONNET_4_5)).toEqual(theirTokens(SONNET_4_5))
    expect(row(SONNET_4_5).cost).toBeCloseTo(0.9945, 12)
    expect(dollarsApart(SONNET_4_5)).toBeCloseTo(0.9945 - 0.501, 12)
    // opus-4-5, 4k of its 5k cache writes last an hour: 4_000 × (10 − 6.25) = $0.015 more in ours.
    expect(ourTokens(OPUS_4_5)).toEqual(theirTokens(OPUS_4_5))
    expect(dollarsApart(OPUS_4_5)).toBeCloseTo(0.015, 12)
  })
})

const HAIKU = 'claude-haiku-4-5-20251001'
const SONNET_4_5 = 'claude-sonnet-4-5-20250929'
const OPUS_4_1 = 'claude-opus-4-1-20250805'
const OPUS_4_5 = 'claude-opus-4-5-20251101'

/** A transcript file under `projects/` and its lines. */
type TranscriptSet = Record<string, string[]>

const at = (iso: string, line: Omit<AssistantLine, 'timestamp'>): string => assistantLine({ ...line, timestamp: iso })

/**
 * The agreeing set. ccusage reads files in order of their earliest timestamp: alpha-1.jsonl
 * (11:59 UTC June 1, its user line) before its subagent file (14:10) before the fork (15:00),
 * so every partial copy here is read after its full one, as the real CLI writes them.
 */
const AGREEING_SET: TranscriptSet = {
  '-work-alpha/alpha-1.jsonl': [
    userLine('alpha-1', 'start'),
    // A response with two content blocks: two lines, one message id + request id.
    at('2025-06-01T14:00:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a1', requestId: 'r-a1', model: SONNET_4_5, usage: { input: 1_200, output: 340, cacheRead: 15_000, cacheWrite: 2_100 } }),
    at('2025-06-01T14:00:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a1', requestId: 'r-a1', model: SONNET_4_5, usage: { input: 1_200, output: 340, cacheRead: 15_000, cacheWrite: 2_100 } }),
    at('2025-06-01T15:00:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a2', requestId: 'r-a2', model: SONNET_4_5, usage: { input: 800, output: 120, cacheRead: 17_000, cacheWrite: 600 } }),
    // Either side of midnight in New York (both June 2 in UTC).
    at('2025-06-02T03:30:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a3', requestId: 'r-a3', model: HAIKU, usage: { input: 50, output: 900, cacheRead: 3_000, cacheWrite: 400 } }),
    at('2025-06-02T04:30:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a4', requestId: 'r-a4', model: HAIKU, usage: { input: 70, output: 1_100, cacheRead: 3_500, cacheWrite: 300 } }),
    at('2025-06-02T16:00:00.000Z', { sessionId: 'alpha-1', messageId: 'm-a5', requestId: 'r-a5', model: 'claude-opus-4-8', usage: { input: 20, output: 2_000, cacheRead: 30_000, cacheWrite: 5_000 } }),
    // What the CLI writes for an interrupted turn: never billed.
    at('2025-06-02T16:05:00.000Z', { sessionId: 'alpha-1', messageId: 'm-syn', model: '<synthetic>', usage: {} })
  ],
  '-work-alpha/alpha-1/subagents/agent-a1.jsonl': [
    at('2025-06-01T14:10:00.000Z', { sessionId: 'alpha-1', sidechain: true, messageId: 'm-s1', requestId: 'r-s1', model: HAIKU, usage: { input: 400, output: 260, cacheRead: 6_000, cacheWrite: 700 } }),
    at('2025-06-01T14:10:00.000Z', { sessionId: 'alpha-1', sidechain: true, messageId: 'm-s1', requestId: 'r-s1', model: HAIKU, usage: { input: 400, output: 260, cacheRead: 6_000, cacheWrite: 700 } }),
    at('2025-06-01T14:20:00.000Z', { sessionId: 'alpha-1', sidechain: true, messageId: 'm-s2', requestId: 'r-s2', model: 'claude-sonnet-5', usage: { input: 30, output: 80, cacheRead: 1_000, cacheWrite: 90 } })
  ],
  // A fork: a copy of m-a2, a stale partial copy of m-a4 (1 output token), then its own turn.
  '-work-alpha/alpha-fork.jsonl': [
    at('2025-06-01T15:00:00.000Z', { sessionId: 'alpha-fork', messageId: 'm-a2', requestId: 'r-a2', model: SONNET_4_5, usage: { input: 800, output: 120, cacheRead: 17_000, cacheWrite: 600 } }),
    at('2025-06-02T04:30:00.000Z', { sessionId: 'alpha-fork', messageId: 'm-a4', requestId: 'r-a4', model: HAIKU, usage: { input: 70, output: 1, cacheRead: 3_500, cacheWrite: 300 } }),
    at('2025-06-03T10:00:00.000Z', { sessionId: 'alpha-fork', messageId: 'm-f1', requestId: 'r-f1', model: OPUS_4_1, usage: { input: 300, output: 450, cacheRead: 9_000, cacheWrite: 1_200 } })
  ],
  '-work-beta/beta-1.jsonl': [
    at('2025-06-03T12:00:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b1', requestId: 'r-b1', model: OPUS_4_5, usage: { input: 90, output: 700, cacheRead: 40_000, cacheWrite: 3_000 } }),
    at('2025-06-03T12:10:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b2', requestId: 'r-b2', model: 'claude-3-5-haiku-20241022', usage: { input: 500, output: 600, cacheRead: 2_000, cacheWrite: 800 } }),
    at('2025-06-03T12:20:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b3', requestId: 'r-b3', model: 'claude-sonnet-4-6', usage: { input: 110, output: 330, cacheRead: 12_000, cacheWrite: 1_500 } }),
    at('2025-06-03T12:30:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b4', requestId: 'r-b4', model: 'claude-opus-4-7', usage: { input: 60, output: 900, cacheRead: 25_000, cacheWrite: 2_500 } }),
    at('2025-06-03T12:40:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b5', requestId: 'r-b5', model: 'claude-3-haiku-20240307', usage: { input: 700, output: 200, cacheRead: 0, cacheWrite: 0 } }),
    at('2025-06-03T12:50:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b6', requestId: 'r-b6', model: 'claude-sonnet-5-5', usage: { input: 40, output: 500, cacheRead: 8_000, cacheWrite: 900 } }),
    // Without a request id a line is its own response, in both (two lines: counted twice).
    at('2025-06-03T13:00:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b7', model: 'claude-3-7-sonnet-20250219', usage: { input: 15, output: 25, cacheRead: 350, cacheWrite: 45 } }),
    at('2025-06-03T13:00:00.000Z', { sessionId: 'beta-1', cwd: '/work/beta', messageId: 'm-b7', model: 'claude-3-7-sonnet-20250219', usage: { input: 15, output: 25, cacheRead: 350, cacheWrite: 45 } })
  ]
}

/** One documented difference per model (see the top of this file). */
const DIFFERING_SET: TranscriptSet = {
  '-work-gamma/gamma-1.jsonl': [
    userLine('gamma-1', 'start'),
    // A streamed partial copy first, then the full response.
    at('2025-06-01T12:00:00.000Z', { sessionId: 'gamma-1', messageId: 'm-g1', requestId: 'r-g1', model: HAIKU, usage: { input: 100, output: 1, cacheRead: 2_000, cacheWrite: 300 } }),
    at('2025-06-01T12:00:00.000Z', { sessionId: 'gamma-1', messageId: 'm-g1', requestId: 'r-g1', model: HAIKU, usage: { input: 100, output: 777, cacheRead: 2_000, cacheWrite: 300 } }),
    at('2025-06-01T12:05:00.000Z', { sessionId: 'gamma-1', messageId: 'm-g2', requestId: 'r-g2', model: OPUS_4_1, usage: { input: 210, output: 320, cacheRead: 4_300, cacheWrite: 540 } }),
    at('2025-06-01T12:10:00.000Z', { sessionId: 'gamma-1', messageId: 'm-g3', requestId: 'r-g3', model: SONNET_4_5, usage: { input: 150_000, output: 1_000, cacheRead: 120_000, cacheWrite: 0 } }),
    at('2025-06-01T12:15:00.000Z', { sessionId: 'gamma-1', messageId: 'm-g4', requestId: 'r-g4', model: OPUS_4_5, usage: { input: 10, output: 20, split: { m5: 1_000, h1: 4_000 } } })
  ],
  // A side question replays the parent's m-g2 under its own request id.
  '-work-gamma/gamma-1/subagents/agent-btw.jsonl': [
    at('2025-06-01T12:06:00.000Z', { sessionId: 'gamma-1', sidechain: true, messageId: 'm-g2', requestId: 'r-g2-replay', model: OPUS_4_1, usage: { input: 210, output: 320, cacheRead: 4_300, cacheWrite: 540 } })
  ]
}

/** Writes the set under a new config dir's projects/ folder; returns the config dir. */
function writeTranscripts(set: TranscriptSet): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ccusage-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  for (const [file, lines] of Object.entries(set)) {
    const path = join(dir, 'projects', file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${lines.join('\n')}\n`)
  }
  return dir
}

function scan(configDirs: string[]): CostEngine {
  const engine = new CostEngine(DEFAULT_PRICES)
  engine.scanRoots(configDirs.map((dir) => join(dir, 'projects')))
  return engine
}

interface CcusageTokens {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
}
interface DailyJson {
  daily: Array<CcusageTokens & { date: string; modelBreakdowns: Array<CcusageTokens & { modelName: string; cost: number }> }>
}
interface SessionJson {
  sessions: Array<CcusageTokens & { sessionId: string; projectPath: string }>
}

/** ccusage's JSON report over these config dirs, offline, calculated from tokens, days in TIME_ZONE; its config and home are a scratch folder. */
async function ccusage<T>(configDirs: string[], report: 'daily' | 'session'): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-ccusage-home-'))
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
  const args = [CCUSAGE, report, '--json', '--offline', '--breakdown', '--mode', 'calculate', '--timezone', TIME_ZONE, '--locale', 'en-CA']
  const env = { PATH: process.env.PATH ?? '', HOME: scratch, TZ: TIME_ZONE, CLAUDE_CONFIG_DIR: configDirs.join(','), NO_COLOR: '1' }
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: scratch, env, encoding: 'utf8', timeout: 60_000 })
  return JSON.parse(stdout) as T
}

/** Cache writes as ccusage counts them: one figure, whatever their lifetime. */
interface MergedTokens {
  input: number
  output: number
  cacheWrite: number
  cacheRead: number
}

const merged = (tokens: TokenCounts): MergedTokens => ({
  input: tokens.input,
  output: tokens.output,
  cacheWrite: tokens.cacheWrite5m + tokens.cacheWrite1h,
  cacheRead: tokens.cacheRead
})

const fromCcusage = (row: CcusageTokens): MergedTokens => ({
  input: row.inputTokens,
  output: row.outputTokens,
  cacheWrite: row.cacheCreationTokens,
  cacheRead: row.cacheReadTokens
})

const addMerged = (a: MergedTokens, b: MergedTokens): MergedTokens => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheWrite: a.cacheWrite + b.cacheWrite,
  cacheRead: a.cacheRead + b.cacheRead
})

const doubled = (tokens: MergedTokens): MergedTokens => addMerged(tokens, tokens)
const NONE: MergedTokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }

/** ccusage's per-model figures over every day. */
function ccusageModels(daily: DailyJson): Map<string, { tokens: MergedTokens; cost: number }> {
  const models = new Map<string, { tokens: MergedTokens; cost: number }>()
  for (const day of daily.daily) {
    for (const breakdown of day.modelBreakdowns) {
      const sum = models.get(breakdown.modelName) ?? { tokens: NONE, cost: 0 }
      models.set(breakdown.modelName, { tokens: addMerged(sum.tokens, fromCcusage(breakdown)), cost: sum.cost + breakdown.cost })
    }
  }
  return models
}

const modelTokensOf = (models: Map<string, { tokens: MergedTokens }>): Record<string, MergedTokens> =>
  sortedRecord([...models].map(([model, figures]) => [model, figures.tokens] as const))
const ourModelTokens = (report: CostReport): Record<string, MergedTokens> => sortedRecord(report.byModel.map((row) => [row.key, merged(row.tokens)] as const))
const ourDayTokens = (report: CostReport): Record<string, MergedTokens> => sortedRecord(report.byDay.map((row) => [row.key, merged(row.tokens)] as const))
const ccusageDayTokens = (daily: DailyJson): Record<string, MergedTokens> => sortedRecord(daily.daily.map((day) => [day.date, fromCcusage(day)] as const))

/** Keys in order, so a failed comparison lists models and days alike. */
function sortedRecord(entries: Array<readonly [string, MergedTokens]>): Record<string, MergedTokens> {
  return Object.fromEntries([...entries].sort((a, b) => a[0].localeCompare(b[0])))
}

/** ccusage "session" rows of a project folder: its main transcripts' row and its sessions' subagents rows. */
function ccusageFolderTokens(report: SessionJson, folder: string): MergedTokens {
  return report.sessions
    .filter((row) => row.sessionId === folder || row.projectPath.startsWith(`${folder}/`))
    .reduce((sum, row) => addMerged(sum, fromCcusage(row)), NONE)
}

/** The project folder (under projects/) holding a session's transcript. */
function projectFolderOf(configDir: string, sessionId: string): string {
  const file = transcriptFiles(configDir).find((path) => basename(path) === `${sessionId}.jsonl`)
  if (!file) throw new Error(`No transcript of session ${sessionId}`)
  return basename(dirname(file))
}

/** What the fake APIs handed out to the runs' main requests, per model. */
function handedOut(runs: ScenarioRun[]): Record<string, MergedTokens> {
  const perModel = new Map<string, MergedTokens>()
  for (const response of runs.flatMap((run) => run.responses)) {
    perModel.set(response.model, addMerged(perModel.get(response.model) ?? NONE, merged(tokensOfReply(response.usage))))
  }
  return sortedRecord([...perModel])
}
