import { describe, expect, it } from 'vitest'
import { modelProblem } from '../../src/shared/agent-config'
import { DEFAULT_STAGE_MODELS, DEFAULT_TASK_SETTINGS, STAGES, type StageChoice, type TaskSettings } from '../../src/shared/tasks'
import { checkStageModels, Git, normalizeStages, resolveStageModel, TaskInputError, TaskService, type TaskAgents, type Tasks } from '../../src/main/tasks'
import { captureLog } from '../support/log-capture'

// A stage's model: the task's choice > the global stage default > the preset/workspace
// default; a stage that is off ignores its choice; a bad model is refused before anything is stored.

const choices = (overrides: Partial<Record<(typeof STAGES)[number], Omit<StageChoice, 'stage'>>> = {}): StageChoice[] =>
  STAGES.map((stage) => ({ stage, enabled: true, ...overrides[stage] }))
const indexOf = (stage: (typeof STAGES)[number]): number => STAGES.indexOf(stage)
const withDefaults = (stageModels: TaskSettings['stageModels']): TaskSettings => ({ ...DEFAULT_TASK_SETTINGS, stageModels })

describe('stage model resolution', () => {
  it("takes the task's choice over the stage default and the preset/workspace model", () => {
    const stages = choices({ plan: { enabled: true, model: 'haiku' } })
    expect(resolveStageModel(stages, indexOf('plan'), DEFAULT_TASK_SETTINGS, 'sonnet')).toEqual({ model: 'haiku', source: 'task' })
  })

  it('takes the stage default when the task leaves the model undefined', () => {
    const stages = choices()
    for (const stage of STAGES) {
      expect(resolveStageModel(stages, indexOf(stage), DEFAULT_TASK_SETTINGS, 'fable')).toEqual({ model: DEFAULT_STAGE_MODELS[stage], source: 'stage default' })
    }
  })

  it('the defaults are plan/build opus, clarify/merge haiku, test/review/document sonnet', () => {
    expect(DEFAULT_STAGE_MODELS).toEqual({ clarify: 'haiku', plan: 'opus', build: 'opus', test: 'sonnet', review: 'sonnet', document: 'sonnet', merge: 'haiku' })
  })

  it('an edited stage default wins over the built-in one', () => {
    const settings = withDefaults({ ...DEFAULT_STAGE_MODELS, build: 'claude-sonnet-5' })
    expect(resolveStageModel(choices(), indexOf('build'), settings, undefined)).toEqual({ model: 'claude-sonnet-5', source: 'stage default' })
  })

  it('falls back to the preset/workspace model when the stage has no default', () => {
    const settings = withDefaults({ ...DEFAULT_STAGE_MODELS, test: undefined })
    expect(resolveStageModel(choices(), indexOf('test'), settings, 'opusplan')).toEqual({ model: 'opusplan', source: 'preset or workspace' })
  })

  it('names no model when nothing does (the CLI picks its own)', () => {
    const settings = withDefaults({ ...DEFAULT_STAGE_MODELS, review: undefined })
    expect(resolveStageModel(choices(), indexOf('review'), settings, undefined)).toEqual({ model: undefined, source: 'none' })
  })

  it('a stage that is off ignores its kept choice', () => {
    const stages = choices({ merge: { enabled: false, model: 'opus' } })
    expect(resolveStageModel(stages, indexOf('merge'), DEFAULT_TASK_SETTINGS, 'sonnet')).toEqual({ model: 'haiku', source: 'stage default' })
    const noDefault = withDefaults({ ...DEFAULT_STAGE_MODELS, merge: undefined })
    expect(resolveStageModel(stages, indexOf('merge'), noDefault, 'sonnet')).toEqual({ model: 'sonnet', source: 'preset or workspace' })
  })

  it('lists every stage in pipeline order, off when left out, keeping an off stage’s model', () => {
    const stages = normalizeStages([
      { stage: 'test', enabled: true, model: 'haiku' },
      { stage: 'plan', enabled: true },
      { stage: 'merge', enabled: false, model: 'opus' }
    ])
    expect(stages).toEqual([
      { stage: 'clarify', enabled: false },
      { stage: 'plan', enabled: true },
      { stage: 'build', enabled: false },
      { stage: 'test', enabled: true, model: 'haiku' },
      { stage: 'review', enabled: false },
      { stage: 'document', enabled: false },
      { stage: 'merge', enabled: false, model: 'opus' }
    ])
    expect(() => normalizeStages([{ stage: 'plan', enabled: false }])).toThrow('Turn on at least one stage')
    expect(() => normalizeStages([{ stage: 'plan', enabled: true }, { stage: 'plan', enabled: false }])).toThrow('The stage "plan" is listed twice')
  })

  it('checks every named model with the pane model check, off stages too', () => {
    const problem = (model: string): string | undefined => modelProblem('claude', model)
    expect(() => checkStageModels(normalizeStages([{ stage: 'plan', enabled: true, model: 'opus' }, { stage: 'build', enabled: true, model: 'claude-sonnet-5' }]), problem)).not.toThrow()
    expect(() => checkStageModels(normalizeStages([{ stage: 'plan', enabled: true }, { stage: 'merge', enabled: false, model: 'gpt-5' }]), problem)).toThrow(
      'merge: Unknown model "gpt-5" for Claude Code'
    )
  })
})

describe('creating a task with a bad model', () => {
  function service(): { tasks: TaskService; writes: Tasks[] } {
    let data: Tasks = { tasks: [], settings: null }
    const writes: Tasks[] = []
    const agents: TaskAgents = {
      open: () => Promise.reject(new Error('not used')),
      reopen: () => Promise.reject(new Error('not used')),
      defaultModel: () => undefined,
      modelProblem: (model) => modelProblem('claude', model),
      exists: () => false,
      running: () => false,
      agent: () => ({}),
      switchModel: () => Promise.reject(new Error('not used')),
      stop: () => Promise.reject(new Error('not used')),
      restart: () => Promise.reject(new Error('not used')),
      close: () => Promise.reject(new Error('not used')),
      showTask: () => undefined
    }
    const tasks = new TaskService({
      document: { get: () => data, set: (next) => (writes.push(next), (data = next)) },
      // Never reached: the models are checked before the repository.
      git: new Git({ PATH: '/nonexistent' }),
      agents,
      prompts: { submit: () => Promise.reject(new Error('not used')) },
      turns: { waitForEnd: () => Promise.reject(new Error('not used')) },
      worktreesDir: '/nonexistent/worktrees',
      env: {},
      emit: () => undefined,
      log: captureLog().log
    })
    return { tasks, writes }
  }

  const input = (stages: StageChoice[]): Parameters<TaskService['create']>[0] => ({
    title: 'Add a cache',
    description: '',
    repo: '/nonexistent/repo',
    baseBranch: 'main',
    complexity: 'medium',
    stages,
    autoAdvance: false
  })

  it('refuses an unknown model for a stage, naming the stage, and stores nothing', async () => {
    const { tasks, writes } = service()
    const refused = tasks.create(input([{ stage: 'plan', enabled: true, model: 'opus' }, { stage: 'build', enabled: true, model: 'gpt-5-codex' }]))
    await expect(refused).rejects.toThrow(TaskInputError)
    await expect(refused).rejects.toThrow('build: Unknown model "gpt-5-codex" for Claude Code')
    expect(writes).toEqual([])
    expect(tasks.list()).toEqual([])
  })

  it('refuses an invalid model on a stage that is off too', async () => {
    const { tasks, writes } = service()
    await expect(tasks.create(input([{ stage: 'plan', enabled: true }, { stage: 'merge', enabled: false, model: 'not a model' }]))).rejects.toThrow('merge: Unknown model "not a model"')
    expect(writes).toEqual([])
  })

  it('refuses a stage default that is not a model, keeping the settings', async () => {
    const { tasks, writes } = service()
    await expect(tasks.setSettings({ ...DEFAULT_TASK_SETTINGS, stageModels: { ...DEFAULT_STAGE_MODELS, test: 'gemini-pro' } })).rejects.toThrow('test default: Unknown model "gemini-pro"')
    expect(writes).toEqual([])
    expect(tasks.settings()).toEqual(DEFAULT_TASK_SETTINGS)
  })
})
