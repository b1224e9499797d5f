import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { modelProblem } from '../../src/shared/agent-config'
import type { StageChoice, Task, TaskInput } from '../../src/shared/tasks'
import type { TurnEnd, TurnMark } from '../../src/main/sessions'
import { Git, TaskService, type TaskAgents, type TaskPaneRequest, type Tasks } from '../../src/main/tasks'
import { createConditionWaiter } from '../support/condition-waiter'
import { branches, commitAll, git, makeRepo, worktrees, writeFiles } from '../support/git-repo'
import { captureLog } from '../support/log-capture'

// Tasks on real git repositories in temp folders: worktrees and branches made and removed,
// tasks apart from each other and from the user's working tree, and failed starts that leave
// nothing behind. Panes are stand-ins here (the real CLI runs in task-cli.test.ts).

const STAGES: StageChoice[] = [
  { stage: 'plan', enabled: true },
  { stage: 'build', enabled: true }
]

interface Rig {
  scratch: string
  repo: string
  base: string
  dataDir: string
  tasks: TaskService
  document: { data: Tasks }
  agents: FakeAgents
  /** Resolves once a task matches (the service tells every change). */
  taskWhere(taskId: string, holds: (task: Task) => boolean): Promise<Task>
  /** Another service over the same saved tasks, with its own environment (no git on PATH, say). */
  withEnv(env: NodeJS.ProcessEnv): TaskService
  /** A service whose turns the test ends (scriptedTurns), over the same saved tasks. */
  scripted(): { tasks: TaskService; turns: Turns; until(holds: () => boolean): Promise<void> }
}

interface FakeAgents extends TaskAgents {
  opened: TaskPaneRequest[]
  /** What was done to panes, in order: "switch sonnet", "stop", "restart"… */
  actions: string[]
  /** The next open() fails with this. */
  failNextOpen?: Error
}

function fakeAgents(): FakeAgents {
  const panes = new Map<string, { model?: string; running: boolean }>()
  const act = (what: string): Promise<void> => (agents.actions.push(what), Promise.resolve())
  const agents: FakeAgents = {
    opened: [],
    actions: [],
    open: (request) => {
      if (agents.failNextOpen) return Promise.reject(agents.failNextOpen)
      agents.opened.push(request)
      const id = randomUUID()
      panes.set(id, { ...(request.model && { model: request.model }), running: true })
      return Promise.resolve(id)
    },
    reopen: (paneId, request) => (panes.set(paneId, { ...(request.model && { model: request.model }), running: true }), act('reopen')),
    defaultModel: () => undefined,
    modelProblem: (model) => modelProblem('claude', model),
    exists: (paneId) => panes.has(paneId),
    running: (paneId) => panes.get(paneId)?.running === true,
    agent: (paneId) => ({ ...(panes.get(paneId)?.model && { model: panes.get(paneId)?.model }), sessionId: 'session-1' }),
    switchModel: (paneId, model) => (panes.set(paneId, { model, running: true }), act(`switch ${model}`)),
    stop: (paneId) => (panes.set(paneId, { ...panes.get(paneId), running: false }), act('stop')),
    restart: (paneId) => (panes.set(paneId, { ...panes.get(paneId), running: true }), act('restart')),
    close: (paneId) => (panes.delete(paneId), act('close')),
    showTask: () => undefined
  }
  return agents
}

/** Stand-ins for the prompt sender and the turn tracker: the test ends each turn itself. */
interface Turns {
  prompts: string[]
  /** Ends the oldest turn still open, or the next one to be waited for (a turn can end before anyone waits). */
  end(outcome: TurnEnd['outcome'], message?: string): void
  submit(paneId: string, text: string, options: { signal: AbortSignal }): Promise<TurnMark>
  waitForEnd(mark: TurnMark, signal: AbortSignal): Promise<TurnEnd>
}

function scriptedTurns(onChange: () => void): Turns {
  const open: Array<(end: TurnEnd) => void> = []
  const ended: TurnEnd[] = []
  const turns: Turns = {
    prompts: [],
    end: (outcome, message) => {
      const end: TurnEnd = { outcome, ...(message && { message }), at: Date.now() }
      const waiting = open.shift()
      if (waiting) waiting(end)
      else ended.push(end)
    },
    submit: (paneId, text) => {
      turns.prompts.push(text)
      onChange()
      return Promise.resolve({ paneId, seq: turns.prompts.length })
    },
    waitForEnd: (_mark, signal) =>
      new Promise((resolve, reject) => {
        const early = ended.shift()
        if (early) return resolve(early)
        open.push(resolve)
        onChange()
        // A turn given up (the task failed, the agent restarted) is no longer the one the test ends next.
        signal.addEventListener('abort', () => (open.splice(open.indexOf(resolve), 1), reject(signal.reason as Error)), { once: true })
      })
  }
  return turns
}

/** A prompt that is never taken, given up when the task moves on. */
const pendingPrompt = (_paneId: string, _text: string, { signal }: { signal: AbortSignal }): Promise<never> =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }))

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function startRig(files?: Record<string, string>): Rig {
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-task-git-'))
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
  const repo = join(scratch, 'project')
  const base = makeRepo(repo, files)
  const dataDir = join(scratch, 'data')
  const document = { data: { tasks: [], settings: null } as Tasks }
  const agents = fakeAgents()
  const waiter = createConditionWaiter()
  const make = (env: NodeJS.ProcessEnv, turns?: Turns): TaskService => {
    const service = new TaskService({
      document: { get: () => document.data, set: (next) => (document.data = next) },
      git: new Git(env),
      agents,
      prompts: turns ?? { submit: pendingPrompt },
      turns: turns ?? { waitForEnd: () => new Promise(() => undefined) },
      worktreesDir: join(dataDir, 'worktrees'),
      env,
      emit: () => waiter.notify(),
      log: captureLog().log
    })
    cleanups.push(() => service.dispose())
    return service
  }
  const tasks = make(process.env)
  const taskWhere = async (taskId: string, holds: (task: Task) => boolean): Promise<Task> => {
    const find = (): Task | undefined => tasks.list().find((task) => task.id === taskId)
    await waiter.until(() => {
      const task = find()
      return task !== undefined && holds(task)
    })
    return find() as Task
  }
  const scripted = (): ReturnType<Rig['scripted']> => {
    const turns = scriptedTurns(() => waiter.notify())
    return { tasks: make(process.env, turns), turns, until: (holds) => waiter.until(holds) }
  }
  return { scratch, repo, base, dataDir, tasks, document, agents, taskWhere, withEnv: make, scripted }
}

const input = (rig: Rig, title: string, extra: Partial<TaskInput> = {}): TaskInput => ({ title, repo: rig.repo, baseBranch: 'main', stages: STAGES, ...extra })

/** Everything git and the data dir hold of tasks: branches, worktrees, task folders under worktrees/<repo>/. */
function footprint(rig: Rig): { branches: string[]; worktrees: string[]; folders: string[] } {
  const root = join(rig.dataDir, 'worktrees')
  const folders = existsSync(root) ? readdirSync(root).flatMap((repo) => readdirSync(join(root, repo)).map((slug) => `${repo}/${slug}`)) : []
  return { branches: branches(rig.repo), worktrees: worktrees(rig.repo), folders }
}

describe('tasks on a real git repository', () => {
  it('starts a task in its own worktree on tessera/<slug> at the base commit; delete removes worktree and branch when asked', async () => {
    const rig = startRig()
    const created = await rig.tasks.create(input(rig, 'Add a Cache layer!'))
    expect(created).toMatchObject({ state: 'backlog', slug: 'add-a-cache-layer', branch: 'tessera/add-a-cache-layer', repo: rig.repo })

    const started = await rig.tasks.start(created.id)
    const worktree = started.worktree ?? ''
    expect(started).toMatchObject({ state: 'running', stage: 'plan', baseCommit: rig.base, stageModel: 'opus' })
    expect(worktree.startsWith(join(rig.dataDir, 'worktrees'))).toBe(true)
    expect(git(worktree, 'rev-parse', 'HEAD')).toBe(rig.base)
    expect(git(worktree, 'branch', '--show-current')).toBe('tessera/add-a-cache-layer')
    expect(worktrees(rig.repo)).toEqual([rig.repo, worktree])
    expect(rig.agents.opened).toEqual([expect.objectContaining({ cwd: worktree, repo: rig.repo, model: 'opus' })])
    // Measured off the call's path: du and git in child processes.
    const measured = await rig.taskWhere(created.id, (task) => task.diskBytes !== undefined)
    expect(measured.diskBytes).toBeGreaterThan(0)
    expect(measured.changedFiles).toBe(0)

    await rig.tasks.delete(created.id, true, true)
    expect(existsSync(worktree)).toBe(false)
    expect(branches(rig.repo)).toEqual(['main'])
    expect(worktrees(rig.repo)).toEqual([rig.repo])
    expect(rig.tasks.list()).toEqual([])
  })

  it('delete keeps the worktree and branch unless asked; clean-up of a failed task removes the worktree and keeps the branch', async () => {
    const rig = startRig()
    const kept = await rig.tasks.start((await rig.tasks.create(input(rig, 'kept'))).id)
    await rig.tasks.delete(kept.id, false, false)
    expect(existsSync(kept.worktree ?? '')).toBe(true)
    expect(branches(rig.repo)).toEqual(['main', 'tessera/kept'])

    const failed = await rig.tasks.start((await rig.tasks.create(input(rig, 'failed one'))).id)
    await expect(rig.tasks.cleanup(failed.id)).rejects.toThrow('only done or failed tasks are cleaned up')
    await rig.tasks.fail(failed.id, 'not needed')
    const cleaned = await rig.tasks.cleanup(failed.id)
    expect(existsSync(failed.worktree ?? '')).toBe(false)
    expect(cleaned).toMatchObject({ state: 'failed', failure: 'not needed' })
    expect(cleaned.worktree).toBeUndefined()
    expect(branches(rig.repo)).toEqual(['main', 'tessera/failed-one', 'tessera/kept'])
    expect(worktrees(rig.repo)).toEqual([rig.repo, kept.worktree])
  })

  it("keeps two tasks in one repo apart: each sees only its own files, and the user's tree stays clean", async () => {
    const rig = startRig({ 'src/app.ts': 'export const app = 1\n' })
    const a = await rig.tasks.start((await rig.tasks.create(input(rig, 'Task A'))).id)
    const b = await rig.tasks.start((await rig.tasks.create(input(rig, 'Task B'))).id)
    const [wa, wb] = [a.worktree ?? '', b.worktree ?? '']
    expect(wa).not.toBe(wb)
    writeFiles(wa, { 'src/app.ts': 'export const app = 2\n', 'src/a-only.ts': 'a\n' })
    commitAll(wa, 'a works')
    writeFiles(wb, { 'b-notes.md': 'b\n' })

    expect(existsSync(join(wb, 'src/a-only.ts'))).toBe(false)
    expect(readFileSync(join(wb, 'src/app.ts'), 'utf8')).toBe('export const app = 1\n')
    expect(existsSync(join(wa, 'b-notes.md'))).toBe(false)
    expect(git(rig.repo, 'status', '--porcelain')).toBe('')
    expect(readFileSync(join(rig.repo, 'src/app.ts'), 'utf8')).toBe('export const app = 1\n')
    expect((await rig.tasks.changes(a.id)).files.map((file) => [file.path, file.status])).toEqual([
      ['src/a-only.ts', 'added'],
      ['src/app.ts', 'modified']
    ])
    expect((await rig.tasks.changes(b.id)).files).toEqual([{ path: 'b-notes.md', status: 'untracked', additions: 1, deletions: 0 }])
  })

  it("starts a dirty repo's task at the base commit and leaves the user's changes as they were", async () => {
    const rig = startRig({ 'config.json': '{"v":1}\n', 'lib.ts': 'one\n' })
    writeFiles(rig.repo, { 'config.json': '{"v":"dirty"}\n', 'scratch.txt': 'user notes\n', 'lib.ts': 'staged\n' })
    git(rig.repo, 'add', 'lib.ts')
    const statusBefore = git(rig.repo, 'status', '--porcelain')
    const stagedBefore = git(rig.repo, 'diff', '--cached')

    const task = await rig.tasks.start((await rig.tasks.create(input(rig, 'Dirty base'))).id)
    const worktree = task.worktree ?? ''
    expect(git(worktree, 'rev-parse', 'HEAD')).toBe(rig.base)
    expect(readFileSync(join(worktree, 'config.json'), 'utf8')).toBe('{"v":1}\n')
    expect(readFileSync(join(worktree, 'lib.ts'), 'utf8')).toBe('one\n')
    expect(existsSync(join(worktree, 'scratch.txt'))).toBe(false)
    expect(git(worktree, 'status', '--porcelain')).toBe('')

    expect(git(rig.repo, 'status', '--porcelain')).toBe(statusBefore)
    expect(git(rig.repo, 'diff', '--cached')).toBe(stagedBefore)
    expect(readFileSync(join(rig.repo, 'config.json'), 'utf8')).toBe('{"v":"dirty"}\n')
    expect(readFileSync(join(rig.repo, 'scratch.txt'), 'utf8')).toBe('user notes\n')
  })

  it('lists committed, uncommitted and untracked changes against the base, with counts and a diff', async () => {
    const rig = startRig({ 'a.txt': 'a1\na2\n', 'gone.txt': 'x\n', 'old-name.txt': 'same content here\nline two\nline three\n' })
    const task = await rig.tasks.start((await rig.tasks.create(input(rig, 'changes'))).id)
    const worktree = task.worktree ?? ''
    writeFiles(worktree, { 'a.txt': 'a1\nA2\na3\n' })
    git(worktree, 'mv', 'old-name.txt', 'new-name.txt')
    commitAll(worktree, 'committed part')
    rmSync(join(worktree, 'gone.txt'))
    writeFiles(worktree, { 'fresh/new.md': 'n1\nn2\nn3\n' })
    writeFileSync(join(worktree, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0]))

    const changes = await rig.tasks.changes(task.id)
    expect(changes.base).toBe(rig.base)
    expect(changes.files).toEqual([
      { path: 'a.txt', status: 'modified', additions: 2, deletions: 1 },
      { path: 'blob.bin', status: 'untracked', additions: null, deletions: null },
      { path: 'fresh/new.md', status: 'untracked', additions: 3, deletions: 0 },
      { path: 'gone.txt', status: 'deleted', additions: 0, deletions: 1 },
      { path: 'new-name.txt', oldPath: 'old-name.txt', status: 'renamed', additions: 0, deletions: 0 }
    ])
    expect(changes.truncated).toBe(false)
    expect(changes.diff).toContain('+A2')
    expect(changes.diff).toContain('+++ b/fresh/new.md')
    expect(changes.diff).toContain('rename to new-name.txt')
    expect(git(worktree, 'status', '--porcelain')).toContain('?? fresh/')
  })

  describe('a failed start leaves nothing behind and the task editable', () => {
    async function expectNothingLeft(rig: Rig, taskId: string, before: ReturnType<typeof footprint>, reason: string | RegExp): Promise<void> {
      expect(footprint(rig)).toEqual(before)
      const task = rig.tasks.list().find((listed) => listed.id === taskId)
      expect(task).toMatchObject({ state: 'backlog', failure: expect.stringMatching(reason) })
      expect(task?.worktree).toBeUndefined()
      const edited = await rig.tasks.update(taskId, { ...input(rig, 'renamed after the failure') })
      expect(edited).toMatchObject({ state: 'backlog', title: 'renamed after the failure', branch: 'tessera/renamed-after-the-failure' })
      expect(edited.failure).toBeUndefined()
    }

    it('when the branch already exists (the user’s branch is left where it was)', async () => {
      const rig = startRig()
      const task = await rig.tasks.create(input(rig, 'exists'))
      git(rig.repo, 'branch', 'tessera/exists')
      const before = footprint(rig)
      await expect(rig.tasks.start(task.id)).rejects.toThrow(`The branch tessera/exists already exists in ${rig.repo}`)
      expect(git(rig.repo, 'rev-parse', 'tessera/exists')).toBe(rig.base)
      await expectNothingLeft(rig, task.id, before, /already exists/)
    })

    it('when the base branch is gone', async () => {
      const rig = startRig()
      git(rig.repo, 'branch', 'feature')
      const task = await rig.tasks.create(input(rig, 'on feature', { baseBranch: 'feature' }))
      git(rig.repo, 'branch', '-D', 'feature')
      const before = footprint(rig)
      await expect(rig.tasks.start(task.id)).rejects.toThrow(`The base branch "feature" does not exist in ${rig.repo}`)
      await expectNothingLeft(rig, task.id, before, /does not exist/)
    })

    it('when the folder is no longer a git repository', async () => {
      const rig = startRig()
      const task = await rig.tasks.create(input(rig, 'no repo'))
      rmSync(join(rig.repo, '.git'), { recursive: true })
      await expect(rig.tasks.start(task.id)).rejects.toThrow(`${rig.repo} is not a git repository`)
      expect(existsSync(join(rig.dataDir, 'worktrees'))).toBe(false)
      expect(rig.tasks.list()[0]).toMatchObject({ state: 'backlog', failure: `${rig.repo} is not a git repository` })
    })

    it('when git is not on the PATH', async () => {
      const rig = startRig()
      const task = await rig.tasks.create(input(rig, 'no git'))
      const before = footprint(rig)
      const noGit = rig.withEnv({ ...process.env, PATH: join(rig.scratch, 'empty-bin') })
      await expect(noGit.start(task.id)).rejects.toThrow('git was not found on the PATH')
      await expect(noGit.repo(rig.repo)).resolves.toMatchObject({ isRepo: false, problem: expect.stringContaining('git was not found on the PATH') })
      await expectNothingLeft(rig, task.id, before, /git was not found/)
    })

    it('when the pane cannot open (worktree and branch are removed again)', async () => {
      const rig = startRig()
      const task = await rig.tasks.create(input(rig, 'no pane'))
      const before = footprint(rig)
      rig.agents.failNextOpen = new Error('Claude Code is not installed')
      await expect(rig.tasks.start(task.id)).rejects.toThrow('Claude Code is not installed')
      rig.agents.failNextOpen = undefined
      await expectNothingLeft(rig, task.id, before, /not installed/)
    })
  })

  it('refuses to create a task on a folder that is not a repo, or on a branch it does not have, storing nothing', async () => {
    const rig = startRig()
    const plain = join(rig.scratch, 'plain')
    mkdirSync(plain)
    await expect(rig.tasks.create(input(rig, 'x', { repo: plain }))).rejects.toThrow(`${plain} is not a git repository`)
    await expect(rig.tasks.create(input(rig, 'x', { baseBranch: 'nope' }))).rejects.toThrow(`The base branch "nope" does not exist in ${rig.repo} (branches: main)`)
    expect(rig.document.data.tasks).toEqual([])
    await expect(rig.tasks.repo(plain)).resolves.toEqual({ folder: plain, isRepo: false, branches: [], current: null, problem: `${plain} is not a git repository` })
    git(rig.repo, 'branch', 'feature')
    await expect(rig.tasks.repo(join(rig.repo))).resolves.toEqual({ folder: rig.repo, isRepo: true, root: rig.repo, branches: ['main', 'feature'], current: 'main' })
  })

  it('fails a running task whose worktree was deleted by hand, at its next action, without a crash', async () => {
    const rig = startRig()
    const task = await rig.tasks.start((await rig.tasks.create(input(rig, 'vanishing'))).id)
    rmSync(task.worktree ?? '', { recursive: true, force: true })
    await expect(rig.tasks.pause(task.id)).rejects.toThrow(`The worktree ${task.worktree} was deleted`)
    const failed = rig.tasks.list()[0]
    expect(failed).toMatchObject({ state: 'failed', failure: expect.stringContaining('was deleted') })
    expect(failed?.runs.at(-1)).toMatchObject({ stage: 'plan', outcome: 'interrupted' })
    await expect(rig.tasks.changes(task.id)).rejects.toThrow('was deleted')
    // git's record of it is pruned; the branch stays for the user.
    expect(worktrees(rig.repo)).toEqual([rig.repo])
    expect(branches(rig.repo)).toEqual(['main', 'tessera/vanishing'])
  })

  describe('stages, with stand-in agents whose turns the test ends', () => {
    const stages: StageChoice[] = [
      { stage: 'plan', enabled: true, model: 'opus' },
      { stage: 'build', enabled: true, model: 'sonnet' }
    ]

    it('sends each stage its prompt on its model, waits after each, and reaches review', async () => {
      const rig = startRig()
      const { tasks, turns, until } = rig.scripted()
      const task = await tasks.create(input(rig, 'Stage by stage', { description: 'Details here.', stages }))
      await tasks.start(task.id)
      await until(() => turns.prompts.length === 1)
      expect(turns.prompts[0]).toContain('Task: Stage by stage\n\nDetails here.\n\nStage: plan.')
      expect(turns.prompts[0]).toContain('.tessera/STATE.md')
      turns.end('stop', 'The plan.')
      const waiting = await until(() => tasks.list()[0]?.state === 'waiting').then(() => tasks.list()[0])
      expect(waiting?.runs).toEqual([expect.objectContaining({ stage: 'plan', model: 'opus', outcome: 'completed', message: 'The plan.', sessionIds: ['session-1'] })])

      await tasks.advance(task.id)
      await until(() => turns.prompts.length === 2)
      expect(turns.prompts[1]).toContain('Stage: build.')
      expect(rig.agents.actions).toEqual(['switch sonnet'])
      turns.end('stop', 'Built.')
      await until(() => tasks.list()[0]?.state === 'review')
      expect(tasks.list()[0]).toMatchObject({ stage: 'build', stageModel: 'sonnet' })
      await expect(tasks.advance(task.id)).rejects.toThrow('Cannot advance a task that is in review')
      expect((await tasks.complete(task.id)).state).toBe('done')
    })

    it('auto-advances after a completed stage; a failed turn waits, and Advance runs that stage again', async () => {
      const rig = startRig()
      const { tasks, turns, until } = rig.scripted()
      const task = await tasks.create(input(rig, 'Auto', { stages, autoAdvance: true }))
      await tasks.start(task.id)
      await until(() => turns.prompts.length === 1)
      turns.end('stop', 'Planned.')
      await until(() => turns.prompts.length === 2)
      expect(tasks.list()[0]).toMatchObject({ state: 'running', stage: 'build' })
      turns.end('failure', 'rate_limit')
      await until(() => tasks.list()[0]?.state === 'waiting')
      expect(tasks.list()[0]).toMatchObject({ stage: 'build', failure: 'rate_limit' })
      expect(tasks.list()[0]?.runs.at(-1)).toMatchObject({ stage: 'build', outcome: 'error', message: 'rate_limit' })

      await tasks.advance(task.id)
      await until(() => turns.prompts.length === 3)
      expect(turns.prompts[2]).toContain('Stage: build.')
      turns.end('stop', 'Built.')
      await until(() => tasks.list()[0]?.state === 'review')
      expect(tasks.list()[0]?.runs.map((run) => `${run.stage}:${run.outcome}`)).toEqual(['plan:completed', 'build:error', 'build:completed'])
    })

    it('pausing mid-turn stops the agent once the turn ends; resume starts it again', async () => {
      const rig = startRig()
      const { tasks, turns, until } = rig.scripted()
      const task = await tasks.create(input(rig, 'Pausing', { stages, autoAdvance: true }))
      await tasks.start(task.id)
      await until(() => turns.prompts.length === 1)
      expect(await tasks.pause(task.id)).toMatchObject({ state: 'running', paused: false, pausePending: true })
      await expect(tasks.pause(task.id)).rejects.toThrow('pauses already')
      expect(rig.agents.actions).toEqual([])
      turns.end('stop', 'Planned.')
      await until(() => rig.agents.actions.includes('stop'))
      await until(() => tasks.list()[0]?.pausePending === undefined)
      // Paused: no auto-advance.
      expect(tasks.list()[0]).toMatchObject({ state: 'waiting', paused: true, stage: 'plan' })
      expect(turns.prompts).toHaveLength(1)
      await expect(tasks.advance(task.id)).rejects.toThrow('resume it first')
      expect(await tasks.resume(task.id)).toMatchObject({ state: 'waiting', paused: false })
      expect(rig.agents.actions).toEqual(['stop', 'restart'])
    })

    it('restarting the agent cuts the turn off; the task and worktree stay, and the stage can run again', async () => {
      const rig = startRig()
      const { tasks, turns, until } = rig.scripted()
      const task = await tasks.create(input(rig, 'Restart', { stages }))
      const started = await tasks.start(task.id)
      await until(() => turns.prompts.length === 1)
      const restarted = await tasks.restartAgent(task.id)
      expect(restarted).toMatchObject({ state: 'waiting', stage: 'plan', worktree: started.worktree, paneId: started.paneId })
      expect(restarted.runs).toEqual([expect.objectContaining({ stage: 'plan', outcome: 'interrupted', message: 'The agent was restarted during this stage' })])
      expect(rig.agents.actions).toEqual(['restart'])
      expect(existsSync(started.worktree ?? '')).toBe(true)
      await tasks.advance(task.id)
      await until(() => turns.prompts.length === 2)
      expect(turns.prompts[1]).toContain('Stage: plan.')
    })

    it('reopens a task marked failed mid-stage: waiting, and Advance runs the cut-off stage again in the same worktree', async () => {
      const rig = startRig()
      const { tasks, turns, until } = rig.scripted()
      const task = await tasks.create(input(rig, 'Reopened', { stages }))
      const started = await tasks.start(task.id)
      await until(() => turns.prompts.length === 1)
      await tasks.fail(task.id, 'by mistake')
      await expect(tasks.advance(task.id)).rejects.toThrow('Cannot advance a task that is failed')
      const reopened = await tasks.reopen(task.id)
      expect(reopened).toMatchObject({ state: 'waiting', paused: false, stage: 'plan', worktree: started.worktree, paneId: started.paneId })
      expect(reopened.failure).toBeUndefined()
      await expect(tasks.reopen(task.id)).rejects.toThrow('Cannot reopen a task that is waiting for you')
      await tasks.advance(task.id)
      await until(() => turns.prompts.length === 2)
      expect(turns.prompts[1]).toContain('Stage: plan.')
      turns.end('stop', 'Planned.')
      await until(() => tasks.list()[0]?.state === 'waiting' && tasks.list()[0]?.runs.length === 2)
      expect(tasks.list()[0]?.runs.map((run) => `${run.stage}:${run.outcome}`)).toEqual(['plan:interrupted', 'plan:completed'])
    })
  })

  it('does not reopen a failed task whose worktree is gone or was cleaned up, nor one that never started', async () => {
    const rig = startRig()
    const never = await rig.tasks.create(input(rig, 'never started'))
    await rig.tasks.fail(never.id)
    await expect(rig.tasks.reopen(never.id)).rejects.toThrow('The task never started: edit it and start it instead')
    const vanished = await rig.tasks.start((await rig.tasks.create(input(rig, 'vanished'))).id)
    rmSync(vanished.worktree ?? '', { recursive: true, force: true })
    await expect(rig.tasks.pause(vanished.id)).rejects.toThrow('was deleted')
    await expect(rig.tasks.reopen(vanished.id)).rejects.toThrow(`The worktree ${vanished.worktree} was deleted`)
    const cleaned = await rig.tasks.start((await rig.tasks.create(input(rig, 'cleaned'))).id)
    await rig.tasks.fail(cleaned.id)
    await rig.tasks.cleanup(cleaned.id)
    await expect(rig.tasks.reopen(cleaned.id)).rejects.toThrow('it was cleaned up')
    expect(rig.tasks.list().map((task) => task.state)).toEqual(['failed', 'failed', 'failed'])
  })
})
