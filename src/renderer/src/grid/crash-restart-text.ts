import type { PaneAutoRestart, PaneInfo } from '../../../shared/bridge'

export const GAVE_UP_TEXT = 'Not restarted'

type Scheduled = NonNullable<PaneAutoRestart['scheduled']>

/** "Restarting in 5s (try 2 of 3)". */
export function restartingText(scheduled: Scheduled, now: number): string {
  const seconds = Math.max(0, Math.ceil((scheduled.at - now) / 1000))
  return `Restarting in ${seconds}s (try ${scheduled.attempt} of ${scheduled.of})`
}

/** The badge the header shows about restarts after a crash, if any; `now` sets the countdown. */
export function crashRestartBadge(pane: PaneInfo | undefined, now: number): { text: string; detail: string; gaveUp: boolean } | undefined {
  const restarts = pane?.autoRestart
  if (!restarts) return undefined
  const failed = restarts.failed ? [restarts.failed] : []
  if (restarts.scheduled) {
    const text = restartingText(restarts.scheduled, now)
    return { text, detail: [`${text}: the agent crashed (${pane.status?.reason ?? 'no reason given'}).`, ...failed].join('\n'), gaveUp: false }
  }
  if (restarts.gaveUp) return { text: GAVE_UP_TEXT, detail: [restarts.gaveUp, ...failed, 'Restart it yourself when ready.'].join('\n'), gaveUp: true }
  return undefined
}

/**
 * For measuring the header, as badge texts: the widest the badge gets (its countdown at two
 * digits). Its Cancel button takes the Restart button's place, which is measured already.
 */
export function crashRestartMeasureTexts(pane: PaneInfo | undefined): string[] {
  const scheduled = pane?.autoRestart?.scheduled
  if (scheduled) return [restartingText({ ...scheduled, at: 99_000 }, 0)]
  const badge = crashRestartBadge(pane, 0)
  return badge ? [badge.text] : []
}
