import { STAGES, type Stage, type TaskSettings } from '../../../shared/tasks'

// The task settings tab's checks. Pure, so unit-tested.

const MAX_TEMPLATE = 20_000

/** Why a prompt template cannot be saved, if it cannot (the bridge's bounds). */
export function templateProblem(template: string): string | undefined {
  if (!template.trim()) return 'A stage needs a prompt'
  if (template.length > MAX_TEMPLATE) return `At most ${MAX_TEMPLATE.toLocaleString('en-US')} characters`
  return undefined
}

/** Whether two settings say the same for every stage. */
export function sameSettings(a: TaskSettings, b: TaskSettings): boolean {
  return STAGES.every((stage) => a.stageModels[stage] === b.stageModels[stage] && a.templates[stage] === b.templates[stage])
}

/** The stage defaults with one stage's model chosen, or (undefined) left to the preset or workspace. */
export function withModel(models: TaskSettings['stageModels'], stage: Stage, model: string | undefined): TaskSettings['stageModels'] {
  const others = Object.fromEntries(Object.entries(models).filter(([key]) => key !== stage))
  return model ? { ...others, [stage]: model } : others
}
