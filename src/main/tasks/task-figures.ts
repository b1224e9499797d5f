import { existsSync } from 'node:fs'
import type { StageCost, TaskCost } from '../../shared/tasks'
import type { RangeCost, RangeGroup } from '../costs'
import type { Logger } from '../log'
import { changedFiles } from './changes'
import { diskUsage } from './disk-usage'
import type { Git } from './git'
import { costGroup, stageCosts } from './task-costs'
import type { StoredTask } from './tasks-document'

/** Measured at most this often per task (du and git diff cost a child process each). */
const MEASURE_EVERY_MS = 10_000

export interface TaskFiguresDeps {
  git: Git
  /** The environment `du` runs in. */
  env: NodeJS.ProcessEnv
  /** Usage per time slice of some sessions (null while the transcripts are still being read). */
  costs?: { rangeCosts(groups: RangeGroup[]): Promise<RangeCost[][] | null> }
  now: () => number
  log: Logger
  find(taskId: string): StoredTask | undefined
  /** Stores the measured changed-file count and disk usage. */
  patch(taskId: string, change: Pick<StoredTask, 'changedFiles' | 'diskBytes'>): void
  /** The worktree was found gone: the task fails (under its lock). */
  worktreeGone(taskId: string): Promise<unknown>
  /** A cost figure changed: clients hear of it. */
  costsChanged(): void
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * What a card shows beside the task itself: changed files and disk usage (child processes,
 * off the hot path, at most every MEASURE_EVERY_MS; stored on the task) and tokens and dollars
 * per stage (from the costs service, one count at a time; kept here, counted again after a restart).
 */
export class TaskFigures {
  private readonly costs = new Map<string, { total: TaskCost; stages: StageCost[] }>()
  private readonly measuredAt = new Map<string, number>()
  private counting = false
  private countAgain: string[] | undefined

  constructor(private readonly deps: TaskFiguresDeps) {}

  total(taskId: string): TaskCost | undefined {
    return this.costs.get(taskId)?.total
  }

  stages(taskId: string): StageCost[] {
    return this.costs.get(taskId)?.stages ?? []
  }

  /** Whether the task's cost was counted at least once. */
  counted(taskId: string): boolean {
    return this.costs.has(taskId)
  }

  forget(taskId: string): void {
    this.costs.delete(taskId)
    this.measuredAt.delete(taskId)
  }

  /** Changed-file count and disk usage of the task's worktree, unless measured a moment ago. */
  async measure(taskId: string): Promise<void> {
    const task = this.deps.find(taskId)
    if (!task?.worktree || !task.baseCommit) return
    const last = this.measuredAt.get(taskId) ?? 0
    if (this.deps.now() - last < MEASURE_EVERY_MS) return
    this.measuredAt.set(taskId, this.deps.now())
    try {
      if (!existsSync(task.worktree)) return void (await this.deps.worktreeGone(taskId))
      const [files, bytes] = await Promise.all([changedFiles(this.deps.git, task.worktree, task.baseCommit), diskUsage(task.worktree, this.deps.env)])
      const current = this.deps.find(taskId)
      if (!current?.worktree) return
      if (current.changedFiles !== files.length || current.diskBytes !== bytes) this.deps.patch(taskId, { changedFiles: files.length, ...(bytes !== undefined && { diskBytes: bytes }) })
    } catch (error) {
      this.deps.log.warn('task not measured', { taskId, reason: reasonOf(error) })
    }
  }

  /** One count at a time: tasks asked for meanwhile are counted once it is done. */
  async refresh(taskIds: string[]): Promise<void> {
    if (this.counting) {
      this.countAgain = [...new Set([...(this.countAgain ?? []), ...taskIds])]
      return
    }
    this.counting = true
    try {
      await this.count(taskIds.flatMap((id) => this.deps.find(id) ?? []))
    } finally {
      this.counting = false
      const again = this.countAgain
      this.countAgain = undefined
      if (again) void this.refresh(again).catch((error: unknown) => this.deps.log.warn('task costs not counted', { reason: reasonOf(error) }))
    }
  }

  /** Asks the costs service for the tasks' stage slices; clients hear of figures that changed. */
  async count(tasks: readonly StoredTask[]): Promise<void> {
    const { costs } = this.deps
    const counted = tasks.filter((task) => task.runs.length > 0)
    if (!costs || counted.length === 0) return
    const slices = await costs.rangeCosts(counted.map(costGroup))
    let changed = false
    counted.forEach((task, index) => {
      const figures = slices?.[index] && stageCosts(task, slices[index])
      if (!figures || JSON.stringify(figures) === JSON.stringify(this.costs.get(task.id))) return
      this.costs.set(task.id, figures)
      changed = true
    })
    if (changed) this.deps.costsChanged()
  }
}
