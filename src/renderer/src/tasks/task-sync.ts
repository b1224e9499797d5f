import type { TesseraClient } from '../../../shared/bridge'
import type { Task } from '../../../shared/tasks'
import type { Store } from '../state/store'

/**
 * Mirrors the host's tasks into the store: tasks.changed carries the whole list; the
 * first list is asked for once. A broadcast that arrives before that answer is newer
 * than it, so the answer is then dropped. Returns the unsubscribe.
 */
export function watchTasks(client: TesseraClient, store: Store): () => void {
  let seen = false
  const set = (tasks: readonly Task[]): void => store.update({ tasks })
  const unsubscribe = client.on('tasks.changed', ({ tasks }) => ((seen = true), set(tasks)))
  client.call('tasks.list', {}).then(
    (tasks) => !seen && set(tasks),
    // A host without tasks (or one that failed to list them) leaves the board empty; actions say why they fail.
    () => undefined
  )
  return unsubscribe
}
