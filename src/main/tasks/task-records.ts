import type { StateDocument } from '../persistence'
import type { StoredTask, Tasks } from './tasks-document'

export class TaskNotFoundError extends Error {
  constructor(taskId: string) {
    super(`No task with id ${taskId}`)
    this.name = 'TaskNotFoundError'
  }
}

export interface TaskRecordsDeps {
  document: Pick<StateDocument<Tasks>, 'get' | 'set'>
  now: () => number
  /** After every save: clients hear of the change. */
  saved(): void
  /** After a task changed (its pane header follows it). */
  patched(task: StoredTask): void
}

/** The tasks as the state store holds them: read, found by id, changed one at a time. */
export class TaskRecords {
  constructor(private readonly deps: TaskRecordsDeps) {}

  all(): StoredTask[] {
    return this.deps.document.get().tasks
  }

  tryFind(taskId: string): StoredTask | undefined {
    return this.all().find((task) => task.id === taskId)
  }

  find(taskId: string): StoredTask {
    const task = this.tryFind(taskId)
    if (!task) throw new TaskNotFoundError(taskId)
    return task
  }

  /** Applies a change to one task (fields set to undefined are removed: the document holds none), saves it. */
  patch(taskId: string, change: Partial<StoredTask>): StoredTask {
    let updated: StoredTask | undefined
    const tasks = this.all().map((task) => {
      if (task.id !== taskId) return task
      const merged = Object.entries({ ...task, ...change, updatedAt: this.deps.now() }).filter(([, value]) => value !== undefined)
      updated = Object.fromEntries(merged) as StoredTask
      return updated
    })
    if (!updated) throw new TaskNotFoundError(taskId)
    this.save(tasks)
    this.deps.patched(updated)
    return updated
  }

  save(tasks: StoredTask[]): void {
    this.deps.document.set({ ...this.deps.document.get(), tasks })
    this.deps.saved()
  }
}
