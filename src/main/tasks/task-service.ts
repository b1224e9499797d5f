import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DEFAULT_TASK_SETTINGS, fillTemplate, TaskInput, type StageCost, type StageRun, type Task, type TaskChanges, type TaskSettings } from '../../shared/tasks'
import type { RangeCost, RangeGroup } from '../costs'
import type { Logger } from '../log'
import type { StateDocument } from '../persistence'
import type { TurnEnd, TurnMark } from '../sessions'
import { taskChanges } from './changes'
import type { Git } from './git'
import { addWorktree, branchCommit, deleteBranch, removeWorktree, repoInfo, repoRoot, TaskGitError } from './repo'
import { slugify, uniqueSlug } from './slug'
import { checkSettingsModels, checkStageModels, firstEnabled, nextEnabled, normalizeStages, resolveStageModel } from './stage-models'
import type { TaskAgents, TaskPaneRequest } from './task-agents'
import { TaskFigures } from './task-figures'
import { TaskRecords } from './task-records'
import { transition, type TaskEvent } from './task-state'
import type { StoredTask, Tasks } from './tasks-document'

export interface TaskServiceOptions {
  document: Pick<StateDocument<Tasks>, 'get' | 'set'>
  git: Git
  agents: TaskAgents
  prompts: { submit(paneId: string, text: string, options: { signal: AbortSignal }): Promise<TurnMark> }
  turns: { waitForEnd(mark: TurnMark, signal: AbortSignal): Promise<TurnEnd> }
  /** Usage per time slice of some sessions (null while the transcripts are still being read). */
  costs?: { rangeCosts(groups: RangeGroup[]): Promise<RangeCost[][] | null> }
  /** Worktrees go to `<worktreesDir>/<repo name>-<hash>/<slug>`. */
  worktreesDir: string
  /** The environment `du` runs in. */
  env: NodeJS.ProcessEnv
  /** Every change to any task: clients get the whole list. */
  emit(tasks: Task[]): void
  log: Logger
  now?: () => number
}

/** An action the user asked for that cannot be done; its message is for them (the bridge's invalid_input). */
export class TaskInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TaskInputError'
  }
}

/** Where a new task pane goes, and its first size. */
export interface Placement {
  cols?: number
  rows?: number
  beside?: TaskPaneRequest['beside']
}

/** A stage under way: its prompt being submitted, then its turn awaited. */
interface Driver {
  runIndex: number
  phase: 'submitting' | 'turn'
  abort: AbortController
}

const ACTIVE: ReadonlySet<Task['state']> = new Set(['running', 'waiting', 'review'])
/** Tasks with a live agent are measured again this often (their worktree grows while the agent works). */
const REMEASURE_MS = 60_000
/** Stored stage messages are cut to this. */
const MAX_MESSAGE = 2_000

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * The task board's logic: tasks in the state store, each with its worktree, branch and Claude
 * pane, run through its stages on each stage's model. Transitions are checked by the pure state
 * machine first; every action on one task runs after the previous one finished (a lock per task).
 */
export class TaskService {
  private readonly locks = new Map<string, Promise<unknown>>()
  private readonly drivers = new Map<string, Driver>()
  private readonly figures: TaskFigures
  private readonly records: TaskRecords
  private emitQueued = false
  private disposed = false
  private readonly now: () => number
  private readonly remeasure: NodeJS.Timeout

  constructor(private readonly options: TaskServiceOptions) {
    this.now = options.now ?? Date.now
    this.records = new TaskRecords({
      document: options.document,
      now: this.now,
      saved: () => this.queueEmit(),
      patched: (task) => {
        if (task.paneId && options.agents.exists(task.paneId)) options.agents.showTask(task.paneId, this.header(task))
      }
    })
    this.figures = new TaskFigures({
      git: options.git,
      env: options.env,
      ...(options.costs && { costs: options.costs }),
      log: options.log,
      now: this.now,
      find: (taskId) => this.records.tryFind(taskId),
      patch: (taskId, change) => void this.records.patch(taskId, change),
      worktreeGone: (taskId) => this.locked(taskId, () => this.lostWorktree(taskId)),
      costsChanged: () => this.queueEmit()
    })
    this.remeasure = setInterval(() => {
      for (const task of this.records.all()) if (ACTIVE.has(task.state)) void this.figures.measure(task.id)
    }, REMEASURE_MS)
    this.remeasure.unref()
  }

  // ---- reading ----

  list(): Task[] {
    return this.records.all()
      .map((task) => this.withCost(task))
      .sort((a, b) => b.createdAt - a.createdAt)
  }

  async get(taskId: string): Promise<{ task: Task; stageCosts: StageCost[] }> {
    await this.figures.count([this.records.find(taskId)])
    void this.figures.measure(taskId)
    return { task: this.withCost(this.records.find(taskId)), stageCosts: this.figures.stages(taskId) }
  }

  defaultSettings(): TaskSettings {
    return DEFAULT_TASK_SETTINGS
  }

  settings(): TaskSettings {
    return this.options.document.get().settings ?? DEFAULT_TASK_SETTINGS
  }

  repo(folder: string): ReturnType<typeof repoInfo> {
    return repoInfo(this.options.git, folder)
  }

  async changes(taskId: string): Promise<TaskChanges> {
    const task = this.records.find(taskId)
    if (!task.worktree || !task.baseCommit) throw new TaskInputError(task.state === 'backlog' ? 'The task has not started: it has no worktree yet' : 'The task has no worktree any more (it was cleaned up)')
    if (!existsSync(task.worktree)) {
      await this.locked(taskId, () => this.lostWorktree(taskId))
      throw new TaskInputError(`The worktree ${task.worktree} was deleted: there are no changes to show`)
    }
    return taskChanges(this.options.git, task.worktree, task.baseCommit)
  }

  // ---- backlog ----

  /** Checks the models, the preset and the repo; nothing is stored when one is wrong. */
  async create(input: TaskInput): Promise<Task> {
    const checked = await this.check(input)
    const now = this.now()
    const task: StoredTask = {
      id: randomUUID(),
      ...checked,
      slug: '',
      branch: '',
      state: 'backlog',
      paused: false,
      runs: [],
      createdAt: now,
      updatedAt: now
    }
    Object.assign(task, this.naming(task, checked.title))
    this.records.save([...this.records.all(), task])
    return this.withCost(task)
  }

  /** Only in the backlog, or failed before it ever started a worktree. */
  update(taskId: string, input: TaskInput): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = this.records.find(taskId)
      this.allow(task, { type: 'update' })
      if (task.worktree) throw new TaskInputError('This task still has its worktree: clean it up before editing the task')
      const checked = await this.check(input)
      const renamed = checked.title !== task.title || checked.repo !== task.repo
      // A failed task that once started keeps its branch name: the branch may exist.
      const naming = renamed && task.runs.length === 0 ? this.naming(task, checked.title, checked.repo) : {}
      return this.withCost(this.records.patch(taskId, { ...checked, ...naming, failure: undefined }))
    })
  }

  async setSettings(settings: TaskSettings): Promise<void> {
    try {
      checkSettingsModels(settings, (model) => this.options.agents.modelProblem(model))
    } catch (error) {
      throw new TaskInputError(reasonOf(error))
    }
    this.options.document.set({ ...this.options.document.get(), settings })
    this.queueEmit()
  }

  // ---- running ----

  /**
   * Creates the worktree and branch, opens the pane on the first stage's model and sends its
   * prompt. When any step fails, what was made is removed again and the task stays in the
   * backlog, editable, with the reason.
   */
  start(taskId: string, placement: Placement = {}): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = this.records.find(taskId)
      this.allow(task, { type: 'start' })
      try {
        return this.withCost(await this.startWorktree(task, placement))
      } catch (error) {
        this.records.patch(taskId, { failure: reasonOf(error) })
        throw error instanceof TaskGitError ? new TaskInputError(error.message) : error
      }
    })
  }

  /** The next enabled stage, in the same conversation on its model; a stage whose turn did not complete runs again. */
  advance(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = await this.active(taskId)
      const last = task.runs.at(-1)
      const retry = last !== undefined && last.outcome !== 'completed' && task.stageIndex !== undefined
      const next = retry ? task.stageIndex : nextEnabled(task.stages, task.stageIndex ?? -1)
      const position = transition(task, { type: 'advance', next: next !== undefined })
      if (position.state === 'review' || next === undefined) return this.withCost(this.records.patch(taskId, { ...position, failure: undefined }))
      return this.withCost(await this.beginStage({ ...task, ...position }, next))
    })
  }

  /** Stops the agent now, or when the turn under way ends; the worktree and branch stay. */
  pause(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = await this.active(taskId)
      if (task.pausePending) throw new TaskInputError('The task pauses already when this turn ends')
      transition(task, { type: 'pause' })
      const driver = this.drivers.get(taskId)
      // Mid-turn: the agent keeps running (not paused yet) until the turn ends.
      if (driver?.phase === 'turn') return this.withCost(this.records.patch(taskId, { pausePending: true }))
      // A prompt not yet in: the stage is cut off before it began, and can run again after resume.
      if (driver) this.endRun(taskId, driver.runIndex, { outcome: 'interrupted', message: 'Paused before the stage prompt was sent' })
      const after = this.records.find(taskId)
      if (after.paneId && this.options.agents.exists(after.paneId)) await this.options.agents.stop(after.paneId)
      return this.withCost(this.records.patch(taskId, { paused: true, pausePending: undefined }))
    })
  }

  resume(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = await this.active(taskId)
      // A pause still waiting for the turn to end is called off: the agent never stopped.
      if (task.pausePending && !task.paused) return this.withCost(this.records.patch(taskId, { pausePending: undefined }))
      const position = transition(task, { type: 'resume' })
      await this.relaunch(task)
      return this.withCost(this.records.patch(taskId, { ...position, pausePending: undefined }))
    })
  }

  /** Restarts the agent resuming its conversation (a turn under way is cut off); task and worktree stay. */
  restartAgent(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = await this.active(taskId)
      const position = transition(task, { type: 'restartAgent' })
      this.interrupt(taskId, 'The agent was restarted during this stage')
      await this.relaunch(this.records.find(taskId))
      return this.withCost(this.records.patch(taskId, { paused: position.paused, pausePending: undefined }))
    })
  }

  fail(taskId: string, reason?: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const position = transition(this.records.find(taskId), { type: 'fail' })
      this.interrupt(taskId, 'The task was marked failed')
      return this.withCost(this.records.patch(taskId, { ...position, pausePending: undefined, failure: reason?.trim() || 'Marked failed' }))
    })
  }

  /** Failed → waiting while the worktree is there; Advance then runs again the stage that did not finish (or the next one). */
  reopen(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = this.records.find(taskId)
      const position = transition(task, { type: 'reopen' })
      if (task.runs.length === 0) throw new TaskInputError('The task never started: edit it and start it instead')
      if (!task.worktree) throw new TaskInputError('The task has no worktree any more (it was cleaned up): its branch is kept; start a new task from it')
      if (!existsSync(task.worktree)) throw new TaskInputError(`The worktree ${task.worktree} was deleted: the task cannot go on (its branch ${task.branch} is kept)`)
      return this.withCost(this.records.patch(taskId, { ...position, pausePending: undefined, failure: undefined }))
    })
  }

  complete(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const position = transition(await this.active(taskId), { type: 'complete' })
      return this.withCost(this.records.patch(taskId, { ...position, pausePending: undefined }))
    })
  }

  /** Closes the pane; removes the worktree and the branch only when asked. */
  delete(taskId: string, removeWorktreeToo: boolean, removeBranchToo: boolean): Promise<void> {
    return this.locked(taskId, async () => {
      const task = this.records.find(taskId)
      this.interrupt(taskId, 'The task was deleted')
      if (task.paneId && this.options.agents.exists(task.paneId)) await this.options.agents.close(task.paneId)
      const root = existsSync(task.repo) ? task.repo : undefined
      if (removeWorktreeToo && task.worktree) await this.dropWorktree(root, task.worktree)
      if (removeBranchToo && task.runs.length > 0 && root) await deleteBranch(this.options.git, root, task.branch)
      this.figures.forget(taskId)
      this.records.save(this.records.all().filter((other) => other.id !== taskId))
    })
  }

  /** A done or failed task's worktree goes (its pane closes); the branch stays. */
  cleanup(taskId: string): Promise<Task> {
    return this.locked(taskId, async () => {
      const task = this.records.find(taskId)
      this.allow(task, { type: 'cleanup' })
      if (task.paneId && this.options.agents.exists(task.paneId)) await this.options.agents.close(task.paneId)
      if (task.worktree) await this.dropWorktree(existsSync(task.repo) ? task.repo : undefined, task.worktree)
      return this.withCost(this.records.patch(taskId, { worktree: undefined, diskBytes: undefined, paneId: undefined }))
    })
  }

  // ---- host hooks ----

  /**
   * After the host restored its panes: a stage that was under way when the last host stopped
   * is cut off (the resumed conversation does not re-run it), a paused task's agent stops again,
   * and every task pane shows its task.
   */
  async recover(): Promise<void> {
    for (const task of this.records.all()) {
      if (this.disposed) return
      if (!ACTIVE.has(task.state)) continue
      await this.locked(task.id, async () => {
        const current = this.records.find(task.id)
        const open = current.runs.length - 1
        if (current.state === 'running' && current.runs[open] && current.runs[open]?.endedAt === undefined) {
          this.endRun(current.id, open, { outcome: 'interrupted', message: 'Tessera stopped during this stage; the conversation was resumed' })
        }
        const after = this.records.find(task.id)
        if ((after.paused || after.pausePending) && after.paneId && this.options.agents.running(after.paneId)) await this.options.agents.stop(after.paneId)
        if (after.pausePending) this.records.patch(after.id, { paused: true, pausePending: undefined })
        await this.lostWorktree(after.id)
      }).catch((error: unknown) => this.options.log.warn('task not recovered', { taskId: task.id, reason: reasonOf(error) }))
    }
    this.showPanes()
  }

  /** Every pane list change: a task's pane (new, or restored) shows its task in its header. */
  panesChanged(list: ReadonlyArray<{ id: string; task?: unknown }>): void {
    const shown = new Map(list.map((pane) => [pane.id, JSON.stringify(pane.task)]))
    for (const task of this.records.all()) {
      const header = this.header(task)
      if (task.paneId && shown.has(task.paneId) && shown.get(task.paneId) !== JSON.stringify(header)) this.options.agents.showTask(task.paneId, header)
    }
  }

  /** New usage was counted: the costs of tasks still going are asked for again. */
  costsChanged(): void {
    const open = this.records.all().filter((task) => task.runs.length > 0 && (ACTIVE.has(task.state) || !this.figures.counted(task.id)))
    if (open.length > 0) void this.figures.refresh(open.map((task) => task.id)).catch((error: unknown) => this.options.log.warn('task costs not counted', { reason: reasonOf(error) }))
  }

  dispose(): void {
    this.disposed = true
    clearInterval(this.remeasure)
    for (const driver of this.drivers.values()) driver.abort.abort(new Error('The host is stopping'))
    this.drivers.clear()
  }

  // ---- stages ----

  private async startWorktree(task: StoredTask, placement: Placement): Promise<StoredTask> {
    const { git, agents } = this.options
    const root = await repoRoot(git, task.repo)
    const commit = await branchCommit(git, root, task.baseBranch)
    const path = join(this.options.worktreesDir, `${basename(root)}-${createHash('sha1').update(root).digest('hex').slice(0, 8)}`, task.slug)
    await mkdir(join(path, '..'), { recursive: true })
    const index = firstEnabled(task.stages)
    const model = this.stageModel(task, index)
    await addWorktree(git, { root, path, branch: task.branch, commit })
    let paneId: string
    try {
      paneId = await agents.open({ cwd: path, repo: root, ...(task.preset && { preset: task.preset }), ...(model && { model }), cols: placement.cols ?? 120, rows: placement.rows ?? 32, ...(placement.beside && { beside: placement.beside }) })
    } catch (error) {
      await removeWorktree(git, root, path).catch((cleanup: unknown) => this.options.log.warn('worktree not removed after a failed start', { path, reason: reasonOf(cleanup) }))
      await deleteBranch(git, root, task.branch).catch((cleanup: unknown) => this.options.log.warn('branch not deleted after a failed start', { branch: task.branch, reason: reasonOf(cleanup) }))
      throw error
    }
    const position = transition(task, { type: 'start' })
    const started = this.records.patch(task.id, { ...position, repo: root, worktree: path, baseCommit: commit, paneId, failure: undefined, runs: [] })
    this.options.log.info('task started', { taskId: task.id, worktree: path, branch: task.branch, paneId })
    void this.figures.measure(task.id)
    return this.beginStage(started, index)
  }

  /** Starts stage `index`: its run is recorded now; the pane is readied on the stage's model and the prompt sent in the background. */
  private async beginStage(task: StoredTask, index: number): Promise<StoredTask> {
    const { agents } = this.options
    const stage = task.stages[index]
    if (!stage || !task.paneId) throw new Error(`Task ${task.id} has no stage ${index} or no pane`)
    const model = this.stageModel(task, index)
    const paneId = task.paneId
    const agent = agents.exists(paneId) ? agents.agent(paneId) : {}
    const sessionId = agent.sessionId ?? this.lastSession(task)
    const run: StageRun = { stage: stage.stage, model: model ?? agent.model ?? 'default', sessionIds: sessionId ? [sessionId] : [], startedAt: this.now() }
    const runs = [...task.runs, run]
    const next = this.records.patch(task.id, { state: 'running', stageIndex: index, stage: stage.stage, stageModel: run.model, runs, failure: undefined })
    const prompt = fillTemplate(this.settings().templates[stage.stage], { title: task.title, description: task.description, stage: stage.stage })
    this.drive(next, runs.length - 1, model, prompt)
    return next
  }

  /**
   * The pane on the stage's model (reopened if the user closed it; a live switch that keeps the
   * conversation, which waits for a turn the user started to end), then the prompt once the
   * agent is idle at it, then the turn's end; all off the caller's path.
   */
  private drive(task: StoredTask, runIndex: number, model: string | undefined, prompt: string): void {
    const { agents } = this.options
    const taskId = task.id
    const paneId = task.paneId ?? ''
    const abort = new AbortController()
    const driver: Driver = { runIndex, phase: 'submitting', abort }
    this.drivers.set(taskId, driver)
    const { signal } = abort
    void (async (): Promise<TurnEnd> => {
      if (!agents.exists(paneId)) await agents.reopen(paneId, { ...this.paneRequest(task), ...(model && { model }), sessionId: this.lastSession(task) })
      else if (model && agents.agent(paneId).model !== model) await agents.switchModel(paneId, model, signal)
      else if (!agents.running(paneId)) await agents.restart(paneId)
      signal.throwIfAborted()
      const mark = await this.options.prompts.submit(paneId, prompt, { signal })
      driver.phase = 'turn'
      return this.options.turns.waitForEnd(mark, signal)
    })().then(
      (end) => this.turnEnded(taskId, driver, end),
      (error: unknown) => {
        if (signal.aborted) return
        this.turnEnded(taskId, driver, { outcome: 'failure', message: `The stage could not start: ${reasonOf(error)}`, at: this.now() })
      }
    )
  }

  private turnEnded(taskId: string, driver: Driver, end: TurnEnd): void {
    if (this.drivers.get(taskId) !== driver || this.disposed) return
    this.drivers.delete(taskId)
    void this.locked(taskId, async () => {
      const task = this.records.tryFind(taskId)
      const run = task?.runs[driver.runIndex]
      if (!task || task.state !== 'running' || driver.runIndex !== task.runs.length - 1 || !run || run.endedAt !== undefined) return
      if (await this.lostWorktree(taskId)) return
      const outcome = end.outcome === 'stop' ? 'completed' : end.outcome === 'failure' ? 'error' : 'interrupted'
      const ended = this.endRun(taskId, driver.runIndex, { outcome, ...(end.message !== undefined && { message: end.message }), ...(end.sessionId && { sessionId: end.sessionId }) })
      this.options.log.info('task stage ended', { taskId, stage: run.stage, outcome })
      if (ended.pausePending) {
        if (ended.paneId && this.options.agents.exists(ended.paneId)) await this.options.agents.stop(ended.paneId)
        this.records.patch(taskId, { pausePending: undefined })
      } else if (ended.state === 'running') {
        // Auto-advance: the next enabled stage right away.
        const next = nextEnabled(ended.stages, ended.stageIndex ?? -1)
        if (next !== undefined) await this.beginStage(ended, next)
      }
      void this.figures.measure(taskId)
      this.costsChanged()
    }).catch((error: unknown) => {
      this.options.log.error('task stage end failed', { taskId, reason: reasonOf(error) })
      if (this.records.tryFind(taskId)) this.records.patch(taskId, { failure: reasonOf(error) })
    })
  }

  /** Ends run `index` as it went, and moves the task on (stageEnded): waiting, review, or running the next stage (auto-advance). */
  private endRun(taskId: string, index: number, how: { outcome: StageRun['outcome']; message?: string; sessionId?: string }): StoredTask {
    const task = this.records.find(taskId)
    const run = task.runs[index]
    if (!run || run.endedAt !== undefined) return task
    if (this.drivers.get(taskId)?.runIndex === index) {
      this.drivers.get(taskId)?.abort.abort(new Error(how.message ?? 'stage ended'))
      this.drivers.delete(taskId)
    }
    const sessionIds = how.sessionId && !run.sessionIds.includes(how.sessionId) ? [...run.sessionIds, how.sessionId] : run.sessionIds
    const message = how.message === undefined ? {} : { message: how.message.slice(0, MAX_MESSAGE) }
    const runs = task.runs.map((other, at) => (at === index ? { ...other, sessionIds, endedAt: this.now(), ...(how.outcome && { outcome: how.outcome }), ...message } : other))
    const next = nextEnabled(task.stages, task.stageIndex ?? -1)
    // A pause asked mid-turn takes effect now: no auto-advance, and the task reads paused.
    const from = { state: task.state, paused: task.paused || task.pausePending === true }
    const position = task.state === 'running' ? transition(from, { type: 'stageEnded', ok: how.outcome === 'completed', next: next !== undefined, autoAdvance: task.autoAdvance }) : from
    const failure = how.outcome === 'completed' ? undefined : how.message
    return this.records.patch(taskId, { state: position.state, paused: position.paused, runs, failure })
  }

  /** A stage under way is cut off (agent restarted, task failed or deleted). */
  private interrupt(taskId: string, why: string): void {
    const driver = this.drivers.get(taskId)
    const task = this.records.tryFind(taskId)
    const open = task?.runs.length ? task.runs.length - 1 : -1
    if (task && open >= 0 && task.runs[open]?.endedAt === undefined) this.endRun(taskId, open, { outcome: 'interrupted', message: why })
    driver?.abort.abort(new Error(why))
    this.drivers.delete(taskId)
  }

  /** Starts the task's agent again resuming its conversation: in its pane, or a new pane under the same id if the user closed it. */
  private async relaunch(task: StoredTask): Promise<void> {
    const { agents } = this.options
    if (!task.paneId) throw new TaskInputError('The task has no pane')
    if (agents.exists(task.paneId)) return agents.restart(task.paneId)
    await agents.reopen(task.paneId, { ...this.paneRequest(task), ...(task.stageModel && { model: task.stageModel }), sessionId: this.lastSession(task) })
  }

  // ---- checks and helpers ----

  private async check(input: TaskInput): Promise<Omit<StoredTask, 'id' | 'slug' | 'branch' | 'state' | 'paused' | 'runs' | 'createdAt' | 'updatedAt'>> {
    const parsed = TaskInput.parse(input)
    let stages
    try {
      stages = normalizeStages(parsed.stages)
      checkStageModels(stages, (model) => this.options.agents.modelProblem(model))
      // An unknown preset is refused here, not at start.
      this.options.agents.defaultModel(parsed.repo, parsed.preset)
    } catch (error) {
      throw new TaskInputError(reasonOf(error))
    }
    const info = await repoInfo(this.options.git, parsed.repo)
    if (!info.isRepo || !info.root || info.problem) throw new TaskInputError(info.problem ?? `${parsed.repo} is not a git repository`)
    if (!info.branches.includes(parsed.baseBranch)) throw new TaskInputError(`The base branch "${parsed.baseBranch}" does not exist in ${info.root} (branches: ${info.branches.join(', ')})`)
    return {
      title: parsed.title,
      description: parsed.description,
      repo: info.root,
      baseBranch: parsed.baseBranch,
      complexity: parsed.complexity,
      stages,
      autoAdvance: parsed.autoAdvance,
      ...(parsed.preset && { preset: parsed.preset })
    }
  }

  /** A slug unique among the repo's other tasks, and its branch. */
  private naming(task: Pick<StoredTask, 'id' | 'repo'>, title: string, repo = task.repo): { slug: string; branch: string } {
    const taken = new Set(this.records.all().filter((other) => other.id !== task.id && other.repo === repo).map((other) => other.slug))
    const slug = uniqueSlug(slugify(title), taken)
    return { slug, branch: `tessera/${slug}` }
  }

  private stageModel(task: StoredTask, index: number): string | undefined {
    const fallback = this.options.agents.defaultModel(task.repo, task.preset)
    return resolveStageModel(task.stages, index, this.settings(), fallback).model
  }

  private paneRequest(task: StoredTask): TaskPaneRequest {
    if (!task.worktree) throw new TaskInputError('The task has no worktree')
    return { cwd: task.worktree, repo: task.repo, ...(task.preset && { preset: task.preset }), cols: 120, rows: 32 }
  }

  private lastSession(task: StoredTask): string | undefined {
    return task.runs.flatMap((run) => run.sessionIds).at(-1)
  }

  /** The task for an action that needs its worktree: one deleted by hand fails the task (and the action). */
  private async active(taskId: string): Promise<StoredTask> {
    if (await this.lostWorktree(taskId)) throw new TaskInputError(this.records.find(taskId).failure ?? 'The worktree is gone')
    return this.records.find(taskId)
  }

  /** True when an active task's worktree was deleted: the task is failed with the reason. */
  private async lostWorktree(taskId: string): Promise<boolean> {
    const task = this.records.find(taskId)
    if (!ACTIVE.has(task.state) || !task.worktree || existsSync(task.worktree)) return false
    const failure = `The worktree ${task.worktree} was deleted: the task cannot go on (its branch ${task.branch} is kept)`
    this.interrupt(taskId, failure)
    const position = transition(this.records.find(taskId), { type: 'worktreeGone' })
    this.records.patch(taskId, { ...position, failure, pausePending: undefined, diskBytes: undefined })
    this.options.log.warn('task worktree gone', { taskId, worktree: task.worktree })
    if (task.worktree && existsSync(task.repo)) await this.options.git.run(['worktree', 'prune'], task.repo).catch(() => undefined)
    return true
  }

  private async dropWorktree(root: string | undefined, path: string): Promise<void> {
    if (root) return removeWorktree(this.options.git, root, path)
    // The repo is gone: only our own folder is left to remove.
    await rm(path, { recursive: true, force: true })
  }

  private showPanes(): void {
    for (const task of this.records.all()) if (task.paneId && this.options.agents.exists(task.paneId)) this.options.agents.showTask(task.paneId, this.header(task))
  }

  /** What the task's pane header shows: its title and stage. */
  private header(task: StoredTask): { id: string; title: string; stage?: StoredTask['stage'] } {
    return { id: task.id, title: task.title, ...(task.stage && { stage: task.stage }) }
  }

  private allow(task: StoredTask, event: TaskEvent): void {
    transition(task, event)
  }

  private withCost(task: StoredTask): Task {
    const cost = this.figures.total(task.id)
    return cost ? { ...task, cost } : { ...task }
  }

  private queueEmit(): void {
    if (this.emitQueued) return
    this.emitQueued = true
    queueMicrotask(() => {
      this.emitQueued = false
      if (!this.disposed) this.options.emit(this.list())
    })
  }

  /** Runs `work` after every earlier action on the task has finished. */
  private locked<T>(taskId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(taskId) ?? Promise.resolve()
    const run = previous.catch(() => undefined).then(work)
    const tail = run.catch(() => undefined)
    this.locks.set(taskId, tail)
    void tail.then(() => {
      if (this.locks.get(taskId) === tail) this.locks.delete(taskId)
    })
    return run
  }
}
