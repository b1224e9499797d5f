import { STAGES, type Stage, type StageChoice, type TaskSettings } from '../../shared/tasks'

// Which stages a task runs and on which model, pure. Precedence for a stage's model: the
// task's choice > the global stage default (settings) > the preset/workspace default (what a
// pane would pick with no model). A stage that is off keeps its choice but never uses it.

/** Where a stage's model came from. */
export type ModelSource = 'task' | 'stage default' | 'preset or workspace' | 'none'

export interface ResolvedStageModel {
  /** Undefined: nothing names one, so the CLI picks its own default. */
  model: string | undefined
  source: ModelSource
}

/** Every stage in pipeline order; a stage the input leaves out is off with no model. Throws on a stage named twice or none on. */
export function normalizeStages(input: readonly StageChoice[]): StageChoice[] {
  const byStage = new Map<Stage, StageChoice>()
  for (const choice of input) {
    if (byStage.has(choice.stage)) throw new Error(`The stage "${choice.stage}" is listed twice`)
    byStage.set(choice.stage, choice)
  }
  const stages = STAGES.map((stage): StageChoice => {
    const choice = byStage.get(stage)
    return { stage, enabled: choice?.enabled ?? false, ...(choice?.model !== undefined && { model: choice.model }) }
  })
  if (!stages.some((stage) => stage.enabled)) throw new Error('Turn on at least one stage')
  return stages
}

/** The model stage `index` runs on. `fallback`: the preset's or workspace's model (undefined when neither names one). */
export function resolveStageModel(stages: readonly StageChoice[], index: number, settings: TaskSettings, fallback: string | undefined): ResolvedStageModel {
  const choice = stages[index]
  if (!choice) throw new Error(`No stage at ${index}`)
  if (choice.enabled && choice.model !== undefined) return { model: choice.model, source: 'task' }
  const stageDefault = settings.stageModels[choice.stage]
  if (stageDefault !== undefined) return { model: stageDefault, source: 'stage default' }
  if (fallback !== undefined) return { model: fallback, source: 'preset or workspace' }
  return { model: undefined, source: 'none' }
}

/** The first enabled stage's index. */
export function firstEnabled(stages: readonly StageChoice[]): number {
  const index = stages.findIndex((stage) => stage.enabled)
  if (index < 0) throw new Error('The task has no stage turned on')
  return index
}

/** The next enabled stage after `index`, or undefined after the last one. */
export function nextEnabled(stages: readonly StageChoice[], index: number): number | undefined {
  const next = stages.findIndex((stage, at) => at > index && stage.enabled)
  return next < 0 ? undefined : next
}

/**
 * Every model the task names (those of stages that are off too: they are stored), checked by
 * `problem` (the one pane.create and pane.setModel use); throws one message naming each bad one.
 */
export function checkStageModels(stages: readonly StageChoice[], problem: (model: string) => string | undefined): void {
  const problems = stages.flatMap((choice) => {
    const found = choice.model === undefined ? undefined : problem(choice.model)
    return found ? [`${choice.stage}: ${found}`] : []
  })
  if (problems.length > 0) throw new Error(problems.join('; '))
}

/** The settings' stage defaults, checked the same way. */
export function checkSettingsModels(settings: TaskSettings, problem: (model: string) => string | undefined): void {
  const problems = STAGES.flatMap((stage) => {
    const model = settings.stageModels[stage]
    const found = model === undefined ? undefined : problem(model)
    return found ? [`${stage} default: ${found}`] : []
  })
  if (problems.length > 0) throw new Error(problems.join('; '))
}
