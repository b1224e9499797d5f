import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PriceTable } from '../../src/shared/costs'
import type { StageRun } from '../../src/shared/tasks'
import { CostEngine } from '../../src/main/costs/cost-engine'
import { costGroup, stageCosts } from '../../src/main/tasks/task-costs'
import { assistantLine } from '../support/transcript-lines'

// Cost per stage by time slices of one conversation: each response counts once (copies in a
// fork's file too), in the slice of the stage that had started last when it was written.

const PRICES: PriceTable = [
  { model: 'claude-opus-4-8', rates: { input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 } },
  { model: 'claude-sonnet-5', rates: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } }
]
const at = (minute: number): string => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`
const ms = (minute: number): number => Date.parse(at(minute))
const tokens = (input: number, output: number): Record<string, number> => ({ input, output, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 })

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function engineWith(files: Record<string, string[]>): CostEngine {
  dir = mkdtempSync(join(tmpdir(), 'tessera-task-costs-'))
  for (const [name, lines] of Object.entries(files)) {
    mkdirSync(join(dir, 'project'), { recursive: true })
    writeFileSync(join(dir, 'project', name), `${lines.join('\n')}\n`)
  }
  const engine = new CostEngine(PRICES)
  engine.scanRoots([dir])
  return engine
}

const run = (stage: StageRun['stage'], model: string, minute: number, sessionIds = ['S']): StageRun => ({ stage, model, sessionIds, startedAt: ms(minute) })

describe('task costs per stage', () => {
  it('slices one session by the stages’ start times, counting each response once', () => {
    const plan = assistantLine({ sessionId: 'S', messageId: 'm1', requestId: 'r1', model: 'claude-opus-4-8', timestamp: at(1), usage: { input: 100, output: 10 } })
    const build = assistantLine({ sessionId: 'S', messageId: 'm2', requestId: 'r2', model: 'claude-sonnet-5', timestamp: at(5), usage: { input: 200, output: 20 } })
    const retry = assistantLine({ sessionId: 'S', messageId: 'm3', requestId: 'r3', model: 'claude-sonnet-5', timestamp: at(9), usage: { input: 300, output: 30 } })
    const unpriced = assistantLine({ sessionId: 'S', messageId: 'm4', requestId: 'r4', model: 'claude-haiku-9', timestamp: at(12), usage: { input: 7, output: 1 } })
    const otherPane = assistantLine({ sessionId: 'T', messageId: 'm5', requestId: 'r5', model: 'claude-opus-4-8', timestamp: at(6), usage: { input: 999, output: 99 } })
    // A fork's file copies m2 (same ids): still one response.
    const engine = engineWith({ 'S.jsonl': [plan, build, retry, unpriced], 'F.jsonl': [build], 'T.jsonl': [otherPane] })
    const task = { runs: [run('plan', 'opus', 0), run('build', 'sonnet', 4), run('build', 'sonnet', 8), run('test', 'haiku', 11)] }

    const group = costGroup(task)
    expect(group).toEqual({
      sessionIds: ['S'],
      ranges: [
        { fromMs: ms(0), toMs: ms(4) },
        { fromMs: ms(4), toMs: ms(8) },
        { fromMs: ms(8), toMs: ms(11) },
        { fromMs: ms(11), toMs: Number.POSITIVE_INFINITY }
      ]
    })
    const [slices = []] = engine.rangeCosts([group])
    expect(slices.map((slice) => slice.tokens)).toEqual([tokens(100, 10), tokens(200, 20), tokens(300, 30), tokens(7, 1)])

    const { stages, total } = stageCosts(task, slices)
    expect(stages.map((stage) => ({ stage: stage.stage, model: stage.model, tokens: stage.tokens, billed: stage.models.map((usage) => usage.model) }))).toEqual([
      { stage: 'plan', model: 'opus', tokens: tokens(100, 10), billed: ['claude-opus-4-8'] },
      { stage: 'build', model: 'sonnet', tokens: tokens(500, 50), billed: ['claude-sonnet-5'] },
      { stage: 'test', model: 'haiku', tokens: tokens(7, 1), billed: ['claude-haiku-9'] }
    ])
    // plan: 100 × $5/M + 10 × $25/M = $0.00075; build: 500 × $3/M + 50 × $15/M = $0.00225; test: no price.
    expect(stages[0]?.cost).toBeCloseTo(0.00075, 10)
    expect(stages[1]?.cost).toBeCloseTo(0.00225, 10)
    expect(stages[1]?.models[0]).toMatchObject({ requests: 2 })
    expect(stages[2]).toMatchObject({ cost: 0, unpricedModels: ['claude-haiku-9'] })
    expect(total.tokens).toEqual(tokens(607, 61))
    expect(total.cost).toBeCloseTo(0.003, 10)
    expect(total.unpricedModels).toEqual(['claude-haiku-9'])
  })

  it('counts a task with no usage yet as zero per stage, and answers groups in order', () => {
    const engine = engineWith({ 'S.jsonl': [assistantLine({ sessionId: 'S', messageId: 'm1', requestId: 'r1', model: 'claude-opus-4-8', timestamp: at(1), usage: { input: 1, output: 1 } })] })
    const [first = [], second = []] = engine.rangeCosts([costGroup({ runs: [run('plan', 'opus', 30, ['none'])] }), costGroup({ runs: [run('plan', 'opus', 0)] })])
    expect(first).toEqual([{ tokens: tokens(0, 0), cost: 0, unpricedModels: [], models: [] }])
    expect(second[0]?.tokens).toEqual(tokens(1, 1))
  })
})
