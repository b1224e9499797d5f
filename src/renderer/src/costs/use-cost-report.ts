import { useCallback, useEffect, useRef, useState } from 'react'
import type { CostRange, CostReport } from '../../../shared/costs'
import { useWorkbench } from '../state/context'
import { throttle } from './throttle'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export interface CostReportState {
  report: CostReport | null
  problem: string | null
  /** Asks again now (after a change made here, say). */
  refresh: () => void
}

/**
 * The host's report for `range`, asked again when usage is counted or a budget is
 * crossed, at most once per `intervalMs`. Only the newest answer is kept: an older
 * one arriving late never replaces it.
 */
export function useCostReport(range: CostRange, intervalMs: number): CostReportState {
  const { client } = useWorkbench()
  const [state, setState] = useState<{ report: CostReport | null; problem: string | null }>({ report: null, problem: null })
  const read = useRef<() => void>(() => undefined)

  useEffect(() => {
    let asked = 0
    let live = true
    read.current = () => {
      const ask = ++asked
      client.call('costs.report', { range }).then(
        (report) => live && ask === asked && setState({ report, problem: null }),
        (error: unknown) => live && ask === asked && setState((previous) => ({ ...previous, problem: errorText(error) }))
      )
    }
    const throttled = throttle(() => read.current(), intervalMs)
    throttled.call()
    const unsubscribes = [client.on('costs.changed', throttled.call), client.on('costs.budget', throttled.call)]
    return () => {
      live = false
      throttled.cancel()
      for (const unsubscribe of unsubscribes) unsubscribe()
    }
  }, [client, range, intervalMs])

  const refresh = useCallback(() => read.current(), [])
  return { ...state, refresh }
}
