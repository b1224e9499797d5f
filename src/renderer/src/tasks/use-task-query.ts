import { useCallback, useEffect, useRef, useState } from 'react'
import { throttle } from '../costs/throttle'
import { useWorkbench } from '../state/context'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** An open view asks again at most this often while changes keep coming. */
const REFRESH_MS = 750
/** While the task's agent works, files change without any event saying so: ask this often. */
const WORKING_POLL_MS = 3000

export interface TaskQuery<T> {
  value: T | null
  problem: string | null
  refresh: () => void
}

/**
 * `ask()`'s answer for one task, asked again when the task changes (tasks.changed), when
 * its pane's status changes (a turn ended, files were likely written), and now and then
 * while its agent works. Only the newest answer is kept.
 */
export function useTaskQuery<T>(taskId: string, paneId: string | undefined, ask: () => Promise<T>): TaskQuery<T> {
  const { client, store } = useWorkbench()
  const [state, setState] = useState<{ value: T | null; problem: string | null }>({ value: null, problem: null })
  const read = useRef<() => void>(() => undefined)

  useEffect(() => {
    let asked = 0
    let live = true
    read.current = () => {
      const ticket = ++asked
      ask().then(
        (value) => live && ticket === asked && setState({ value, problem: null }),
        (error: unknown) => live && ticket === asked && setState((old) => ({ ...old, problem: errorText(error) }))
      )
    }
    const throttled = throttle(() => read.current(), REFRESH_MS)
    throttled.call()
    let seen = JSON.stringify(store.get().tasks.find((task) => task.id === taskId))
    const onTasks = client.on('tasks.changed', ({ tasks }) => {
      const now = JSON.stringify(tasks.find((task) => task.id === taskId))
      if (now === seen) return
      seen = now
      throttled.call()
    })
    const onStatus = client.on('pane.status', (event) => event.paneId === paneId && throttled.call())
    const poll = setInterval(() => paneId && store.get().panes[paneId]?.status?.state === 'working' && throttled.call(), WORKING_POLL_MS)
    return () => {
      live = false
      throttled.cancel()
      onTasks()
      onStatus()
      clearInterval(poll)
    }
    // `ask` is a new function every render; the task and pane say what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, store, taskId, paneId])

  const refresh = useCallback(() => read.current(), [])
  return { ...state, refresh }
}
