import { describe, expect, it } from 'vitest'
import { STAGES, type StageCost, type Task } from '../../src/shared/tasks.ts'
import { lineCounts, stageCostText, stageRows, statusLetter, usageCostText } from '../../src/renderer/src/tasks/task-detail.ts'

// The detail view: each stage's model and progress, and what it cost per model.

const zero = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }

const task = {
  stages: STAGES.map((stage) => ({ stage, enabled: stage === 'plan' || stage === 'build' || stage === 'test', ...(stage === 'test' ? { model: 'haiku' } : {}) })),
  stage: 'build',
  runs: [
    { stage: 'plan', model: 'opus', sessionIds: ['a'], startedAt: 1, endedAt: 2, outcome: 'error' },
    { stage: 'plan', model: 'opus', sessionIds: ['a'], startedAt: 3, endedAt: 4, outcome: 'completed' },
    { stage: 'build', model: 'sonnet', sessionIds: ['b'], startedAt: 5 }
  ]
} as unknown as Task

const planCost: StageCost = {
  stage: 'plan',
  model: 'opus',
  tokens: { ...zero, input: 1000, output: 200 },
  cost: 0.75,
  unpricedModels: [],
  models: [{ model: 'claude-opus-4-6', tokens: { ...zero, input: 1000, output: 200 }, requests: 2, cost: 0.75 }]
}

describe('stage rows', () => {
  const rows = stageRows(task, [planCost])

  it('has a row per stage in pipeline order with where it stands', () => {
    expect(rows.map((row) => [row.stage, row.progress])).toEqual([
      ['clarify', 'off'],
      ['plan', 'done'],
      ['build', 'running'],
      ['test', 'pending'],
      ['review', 'off'],
      ['document', 'off'],
      ['merge', 'off']
    ])
  })

  it('counts runs, names the model a stage ran on, else its choice', () => {
    const plan = rows.find((row) => row.stage === 'plan')
    expect(plan?.runs).toBe(2)
    expect(plan?.ran).toBe('opus')
    const test = rows.find((row) => row.stage === 'test')
    expect(test?.ran).toBeUndefined()
    expect(test?.chosen).toBe('haiku')
  })

  it('carries the billed models of the stages that cost something', () => {
    expect(rows.find((row) => row.stage === 'plan')?.models.map((usage) => usage.model)).toEqual(['claude-opus-4-6'])
    expect(rows.find((row) => row.stage === 'build')?.models).toEqual([])
  })
})

describe('cost texts', () => {
  it('reads a stage and a model in dollars, a dash before any usage, never $0 for no price', () => {
    expect(stageCostText(planCost)).toBe('$0.75')
    expect(stageCostText(undefined)).toBe('—')
    expect(stageCostText({ ...planCost, tokens: zero, cost: 0 })).toBe('—')
    expect(stageCostText({ ...planCost, cost: 0, unpricedModels: ['claude-x'] })).toBe('price unknown')
    expect(usageCostText({ model: 'claude-x', tokens: zero, requests: 1, cost: null })).toBe('price unknown')
  })
})

describe('changed files', () => {
  it('shows git status letters and line counts, binary files as such', () => {
    expect(statusLetter('untracked')).toBe('U')
    expect(statusLetter('renamed')).toBe('R')
    expect(lineCounts({ path: 'a', status: 'modified', additions: 12, deletions: 3 })).toBe('+12 −3')
    expect(lineCounts({ path: 'a.png', status: 'added', additions: null, deletions: null })).toBe('binary')
  })
})
