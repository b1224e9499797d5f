import { describe, expect, it } from 'vitest'
import { STAGES, type Task, type TaskState } from '../../src/shared/tasks.ts'
import {
  advanceHint,
  boardColumns,
  cardActions,
  changedText,
  formatBytes,
  nextStage,
  stageLine,
  stagePath,
  taskCostText
} from '../../src/renderer/src/tasks/task-board.ts'
import { toggledTaskView } from '../../src/renderer/src/tasks/task-view.ts'

// The board's columns, each card's lines and the actions a card offers in each state.

const zero = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
let serial = 0

function task(patch: Partial<Task> = {}): Task {
  serial++
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    title: `Task ${serial}`,
    description: '',
    repo: '/repo',
    baseBranch: 'main',
    complexity: 'medium',
    stages: STAGES.map((stage) => ({ stage, enabled: stage === 'plan' || stage === 'build' || stage === 'test' })),
    autoAdvance: false,
    slug: `task-${serial}`,
    branch: `tessera/task-${serial}`,
    state: 'backlog',
    paused: false,
    runs: [],
    createdAt: 0,
    updatedAt: 0,
    ...patch
  }
}

describe('board columns', () => {
  it('has every column in pipeline order, empty ones included, and each task in its state', () => {
    const tasks = [task({ state: 'running' }), task({ state: 'backlog' }), task({ state: 'running' }), task({ state: 'failed' })]
    const columns = boardColumns(tasks)
    expect(columns.map((column) => column.state)).toEqual(['backlog', 'running', 'waiting', 'review', 'done', 'failed'])
    expect(columns.map((column) => column.tasks.length)).toEqual([1, 2, 0, 0, 0, 1])
    // The host's order (newest first) is kept within a column.
    expect(columns[1]?.tasks).toEqual([tasks[0], tasks[2]])
  })
})

describe('card actions', () => {
  const actionsIn = (state: TaskState, patch: Partial<Task> = {}): string[] => cardActions(task({ state, paneId: '11111111-1111-4111-8111-111111111111', worktree: '/wt', ...patch }))

  it('offers Start and Edit in the backlog, never pause or advance', () => {
    expect(actionsIn('backlog', { paneId: undefined, worktree: undefined })).toEqual(['start', 'edit', 'delete'])
  })

  it('offers Advance only while waiting and not paused; Complete while waiting or in review', () => {
    expect(actionsIn('waiting')).toEqual(['advance', 'complete', 'pause', 'restartAgent', 'fail', 'delete'])
    expect(actionsIn('waiting', { paused: true })).toEqual(['complete', 'resume', 'restartAgent', 'fail', 'delete'])
    expect(actionsIn('running')).toEqual(['pause', 'restartAgent', 'fail', 'delete'])
    expect(actionsIn('review')).toEqual(['complete', 'pause', 'restartAgent', 'fail', 'delete'])
  })

  it('offers neither Pause nor Resume while a pause waits for the turn to end', () => {
    const actions = actionsIn('running', { pausePending: true })
    expect(actions).not.toContain('pause')
    expect(actions).not.toContain('resume')
  })

  it('offers Restart agent only when the task has a pane', () => {
    expect(actionsIn('running', { paneId: undefined })).not.toContain('restartAgent')
  })

  it('offers Clean up for finished tasks that still have a worktree', () => {
    expect(actionsIn('done')).toEqual(['cleanup', 'delete'])
    expect(actionsIn('done', { worktree: undefined })).toEqual(['delete'])
    expect(actionsIn('failed')).toEqual(['reopen', 'cleanup', 'delete'])
  })

  it('offers Reopen for a failed task that still has its worktree, Edit for one without', () => {
    expect(actionsIn('failed', { worktree: undefined })).toEqual(['edit', 'delete'])
  })
})

describe('stage lines', () => {
  it('shows the path ahead before the start, then the current stage and its model', () => {
    expect(stagePath(task())).toBe('Plan → Build → Test')
    expect(stageLine(task())).toBe('Plan → Build → Test')
    expect(stageLine(task({ state: 'running', stage: 'build', stageIndex: 2, stageModel: 'sonnet' }))).toBe('Build · sonnet')
    expect(stageLine(task({ state: 'running', stage: 'build', stageIndex: 2 }))).toBe('Build')
  })

  it('names the stage Advance moves to, skipping the stages that are off', () => {
    const planning = task({ state: 'waiting', stage: 'plan', stageIndex: 1 })
    expect(nextStage(planning)?.stage).toBe('build')
    expect(advanceHint(planning)).toBe('Run the next stage: Build')
    const testing = task({ state: 'waiting', stage: 'test', stageIndex: 3 })
    expect(nextStage(testing)).toBeUndefined()
    expect(advanceHint(testing)).toBe('Every stage ran: move the task to review')
  })
})

describe('figures on a card', () => {
  it('shows a cost once there is usage, and never a silent $0 for unpriced models', () => {
    expect(taskCostText(undefined)).toBeUndefined()
    expect(taskCostText({ tokens: zero, cost: 0, unpricedModels: [] })).toBeUndefined()
    expect(taskCostText({ tokens: { ...zero, input: 10 }, cost: 0.4249, unpricedModels: [] })).toBe('$0.42')
    expect(taskCostText({ tokens: { ...zero, input: 10 }, cost: 0, unpricedModels: ['claude-x'] })).toBe('price unknown')
    expect(taskCostText({ tokens: { ...zero, input: 10 }, cost: 1.5, unpricedModels: ['claude-x'] })).toBe('$1.50 + ?')
  })

  it('writes disk sizes and changed files the way people read them', () => {
    expect(formatBytes(950)).toBe('950 B')
    expect(formatBytes(12 * 1024)).toBe('12 KB')
    expect(formatBytes(3.44 * 1024 * 1024)).toBe('3.4 MB')
    expect(formatBytes(26 * 1024 ** 3)).toBe('26 GB')
    expect(changedText(undefined)).toBeUndefined()
    expect(changedText(1)).toBe('1 file changed')
    expect(changedText(0)).toBe('0 files changed')
  })
})

describe('board visibility', () => {
  it('the toolbar switch shows the panel from hidden and hides either view', () => {
    expect(toggledTaskView('hidden')).toBe('panel')
    expect(toggledTaskView('panel')).toBe('hidden')
    expect(toggledTaskView('board')).toBe('hidden')
  })
})
