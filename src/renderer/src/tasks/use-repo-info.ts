import { useEffect, useState } from 'react'
import type { RepoInfo } from '../../../shared/tasks'
import { useWorkbench } from '../state/context'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Typing pauses this long before the folder is checked. */
const CHECK_AFTER_MS = 250

export interface RepoCheck {
  /** The answer for the folder as it is now; null while it is being checked (or nothing is typed). */
  info: RepoInfo | null
  checking: boolean
}

/**
 * What tasks.repo says of `folder`: a git repo with its branches, or the problem. Only
 * the answer for the folder as typed now counts; one for an older text is dropped.
 */
export function useRepoInfo(folder: string): RepoCheck {
  const { client } = useWorkbench()
  const [answer, setAnswer] = useState<{ folder: string; info: RepoInfo } | null>(null)
  const typed = folder.trim()

  useEffect(() => {
    if (!typed) return
    let current = true
    const timer = setTimeout(() => {
      client.call('tasks.repo', { folder: typed }).then(
        (info) => current && setAnswer({ folder: typed, info }),
        (error: unknown) => current && setAnswer({ folder: typed, info: { folder: typed, isRepo: false, branches: [], current: null, problem: errorText(error) } })
      )
    }, CHECK_AFTER_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [client, typed])

  const info = answer && answer.folder === typed ? answer.info : null
  return { info, checking: Boolean(typed) && !info }
}
