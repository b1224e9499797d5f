import { describe, expect, it } from 'vitest'
import { STAGES, TaskInput, type Task } from '../../src/shared/tasks.ts'
import { draftOf, draftProblems, hasProblems, inputOf, newDraft, resolvedBranch, setStageModel, toggleStage } from '../../src/renderer/src/tasks/task-form.ts'
import { sameSettings, templateProblem, withModel } from '../../src/renderer/src/tasks/task-settings-form.ts'
import { DEFAULT_TASK_SETTINGS } from '../../src/shared/tasks.ts'

// The create dialog's draft: a stage keeps its model while it is off, typed models are
// checked as the pane picker checks them, and what is sent passes the bridge's schema.

const filled = () => ({ ...newDraft('/repo'), title: 'Fix login', baseBranch: 'main' })
const stageOf = (draft: ReturnType<typeof newDraft>, stage: (typeof STAGES)[number]) => draft.stages.find((entry) => entry.stage === stage)

describe('a new draft', () => {
  it('lists every stage in pipeline order, plan to review on, each on its stage default', () => {
    const draft = newDraft('/repo')
    expect(draft.stages.map((entry) => entry.stage)).toEqual([...STAGES])
    expect(draft.stages.filter((entry) => entry.enabled).map((entry) => entry.stage)).toEqual(['plan', 'build', 'test', 'review'])
    expect(draft.stages.every((entry) => entry.model === undefined)).toBe(true)
    expect(draft.repo).toBe('/repo')
  })
})

describe('stage toggles and models', () => {
  it('keeps a stage model while the stage is off and brings it back when it is on again', () => {
    let draft = setStageModel(filled(), 'document', 'haiku')
    draft = toggleStage(draft, 'document', true)
    draft = toggleStage(draft, 'document', false)
    expect(stageOf(draft, 'document')).toEqual({ stage: 'document', enabled: false, model: 'haiku' })
    draft = toggleStage(draft, 'document', true)
    expect(stageOf(draft, 'document')).toEqual({ stage: 'document', enabled: true, model: 'haiku' })
  })

  it('goes back to the stage default for an empty choice', () => {
    const draft = setStageModel(setStageModel(filled(), 'build', 'sonnet'), 'build', '  ')
    expect(stageOf(draft, 'build')?.model).toBeUndefined()
  })

  it('sends the kept model of an off stage, and leaves out models left to the default', () => {
    const draft = toggleStage(setStageModel(filled(), 'build', 'sonnet'), 'build', false)
    const input = inputOf(draft)
    expect(input.stages.find((entry) => entry.stage === 'build')).toEqual({ stage: 'build', enabled: false, model: 'sonnet' })
    expect(input.stages.find((entry) => entry.stage === 'plan')).toEqual({ stage: 'plan', enabled: true })
    expect(TaskInput.safeParse(input).success).toBe(true)
  })
})

describe('problems', () => {
  it('finds none in a complete draft', () => {
    expect(hasProblems(draftProblems(filled()))).toBe(false)
  })

  it('asks for a title, a repository, a base branch and one stage at least', () => {
    let draft = { ...newDraft(''), title: ' ' }
    for (const stage of STAGES) draft = toggleStage(draft, stage, false)
    const problems = draftProblems(draft)
    expect(problems.title).toBeDefined()
    expect(problems.repo).toBeDefined()
    expect(problems.baseBranch).toBeDefined()
    expect(problems.stages).toBeDefined()
    expect(hasProblems(problems)).toBe(true)
  })

  it('refuses a model id Claude Code does not take, on an off stage too (it is sent as it is)', () => {
    const draft = toggleStage(setStageModel(filled(), 'merge', 'gpt-5'), 'merge', false)
    expect(draftProblems(draft).models.merge).toContain('Unknown model "gpt-5"')
    expect(draftProblems(setStageModel(filled(), 'merge', 'claude-haiku-4-5')).models).toEqual({})
  })
})

describe('base branch', () => {
  it('keeps the chosen branch while the repository has it, else takes the checked-out one', () => {
    expect(resolvedBranch('dev', { branches: ['main', 'dev'], current: 'main' })).toBe('dev')
    expect(resolvedBranch('', { branches: ['main', 'dev'], current: 'dev' })).toBe('dev')
    expect(resolvedBranch('gone', { branches: ['main'], current: null })).toBe('main')
    // Not checked yet, or no branches: the choice stands (the host says what is wrong).
    expect(resolvedBranch('dev', null)).toBe('dev')
    expect(resolvedBranch('dev', { branches: [], current: null })).toBe('dev')
  })
})

describe('editing a task', () => {
  it('shows every stage with its choice, and off stages the task did not list as off', () => {
    const task = {
      title: 'T',
      description: 'D',
      repo: '/repo',
      baseBranch: 'main',
      complexity: 'complex',
      autoAdvance: true,
      stages: [
        { stage: 'build', enabled: true, model: 'sonnet' },
        { stage: 'test', enabled: false, model: 'haiku' }
      ]
    } as unknown as Task
    const draft = draftOf(task)
    expect(draft.stages).toHaveLength(STAGES.length)
    expect(stageOf(draft, 'build')).toEqual({ stage: 'build', enabled: true, model: 'sonnet' })
    expect(stageOf(draft, 'test')).toEqual({ stage: 'test', enabled: false, model: 'haiku' })
    expect(stageOf(draft, 'plan')).toEqual({ stage: 'plan', enabled: false, model: undefined })
    expect(draft.complexity).toBe('complex')
    expect(draft.autoAdvance).toBe(true)
  })
})

describe('task settings tab', () => {
  it('needs a prompt for every stage', () => {
    expect(templateProblem('  ')).toBeDefined()
    expect(templateProblem('Task: {{title}}')).toBeUndefined()
    expect(templateProblem('x'.repeat(20_001))).toBeDefined()
  })

  it('sets or clears one stage default and tells when the settings are the defaults', () => {
    const cleared = withModel(DEFAULT_TASK_SETTINGS.stageModels, 'plan', undefined)
    expect('plan' in cleared).toBe(false)
    expect(cleared.build).toBe('opus')
    expect(withModel(cleared, 'plan', 'sonnet').plan).toBe('sonnet')
    expect(sameSettings(DEFAULT_TASK_SETTINGS, { ...DEFAULT_TASK_SETTINGS })).toBe(true)
    expect(sameSettings(DEFAULT_TASK_SETTINGS, { ...DEFAULT_TASK_SETTINGS, stageModels: cleared })).toBe(false)
  })
})
