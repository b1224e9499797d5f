import type { ModelUsage } from '../../shared/costs'
import type { StageCost, StageRun, TaskCost } from '../../shared/tasks'
import type { RangeCost, RangeGroup } from '../costs'

// Cost per stage by time slices: a task's stages run one after another in one conversation
// (a model switch resumes the same session), so a response belongs to the stage whose run had
// started last when it was written. Pure.

interface Costed {
  runs: readonly StageRun[]
}

/** The task's sessions and one slice per run: from its start to the next run's start (the last one open-ended). */
export function costGroup(task: Costed): RangeGroup {
  const sessionIds = [...new Set(task.runs.flatMap((run) => run.sessionIds))]
  const ranges = task.runs.map((run, index) => ({ fromMs: run.startedAt, toMs: task.runs[index + 1]?.startedAt ?? Number.POSITIVE_INFINITY }))
  return { sessionIds, ranges }
}

/** The slices' figures summed per stage (a stage run twice counts both), and the task's total. */
export function stageCosts(task: Costed, slices: readonly RangeCost[]): { total: TaskCost; stages: StageCost[] } {
  const stages: StageCost[] = []
  task.runs.forEach((run, index) => {
    const slice = slices[index]
    if (!slice) return
    const existing = stages.find((stage) => stage.stage === run.stage)
    if (existing) Object.assign(existing, add(existing, slice))
    else stages.push({ stage: run.stage, model: run.model, ...copy(slice) })
  })
  const total = stages.reduce<TaskCost>((sum, stage) => add(sum, stage), { tokens: zero(), cost: 0, unpricedModels: [] })
  return { total: { tokens: total.tokens, cost: total.cost, unpricedModels: total.unpricedModels }, stages }
}

function add<T extends TaskCost & { models?: ModelUsage[] }>(into: T, more: TaskCost & { models?: ModelUsage[] }): T {
  const tokens = { ...into.tokens }
  for (const key of Object.keys(tokens) as Array<keyof typeof tokens>) tokens[key] += more.tokens[key]
  const unpricedModels = [...new Set([...into.unpricedModels, ...more.unpricedModels])].sort()
  const result = { ...into, tokens, cost: into.cost + more.cost, unpricedModels }
  if (into.models && more.models) result.models = mergeModels(into.models, more.models)
  return result
}

function mergeModels(a: readonly ModelUsage[], b: readonly ModelUsage[]): ModelUsage[] {
  const merged = new Map<string, ModelUsage>()
  for (const usage of [...a, ...b]) {
    const seen = merged.get(usage.model)
    if (!seen) {
      merged.set(usage.model, { ...usage, tokens: { ...usage.tokens } })
      continue
    }
    for (const key of Object.keys(seen.tokens) as Array<keyof typeof seen.tokens>) seen.tokens[key] += usage.tokens[key]
    seen.requests += usage.requests
    seen.cost = seen.cost === null || usage.cost === null ? null : seen.cost + usage.cost
  }
  return [...merged.values()]
}

function copy(slice: RangeCost): TaskCost & { models: ModelUsage[] } {
  return { tokens: { ...slice.tokens }, cost: slice.cost, unpricedModels: [...slice.unpricedModels], models: slice.models.map((usage) => ({ ...usage, tokens: { ...usage.tokens } })) }
}

const zero = (): TaskCost['tokens'] => ({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 })
