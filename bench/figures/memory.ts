import { PROMPT_ROW } from '../../tests/support/terminal-page.ts'
import { createGrid16, openApp, waitForPaneRow, waitForPrompts } from '../support/app-page.ts'
import { BenchBrowser } from '../support/devtools.ts'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { rssBytes, sleep, toMB, withCleanup } from '../support/process.ts'
import type { Figures, Target } from '../report.ts'

// What the host holds on to. Host memory is the serve process's resident set
// (VmRSS, Linux); the page's is its JS heap after a forced GC, through CDP.
// 1 MB = 1e6 bytes.

const FLOOD_MS = 60_000
const SAMPLE_EVERY_MS = 250
const BASELINE_MS = 2_000
const IDLE_SETTLE_MS = 3_000

export const targets: Readonly<Record<string, Target>> = {
  flood_host_rss_growth_mb: { max: 50 }
}

const log = (line: string): void => void process.stderr.write(`bench: memory: ${line}\n`)
const round = (mb: number): number => Number(mb.toFixed(1))

/** RSS samples of `pid` every SAMPLE_EVERY_MS for `ms`. */
async function sampleRss(pid: number, ms: number): Promise<number[]> {
  const samples: number[] = []
  const end = Date.now() + ms
  while (Date.now() < end) {
    samples.push(rssBytes(pid))
    await sleep(SAMPLE_EVERY_MS)
  }
  return samples
}

/** One idle pane with the page attached, then `yes` in it for a minute while the page draws it. */
async function flood(browser: BenchBrowser): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const { serve, page, firstPaneId } = await openApp(browser, cleanup)
    const pid = serve.child.pid
    if (pid === undefined) throw new Error('serve has no pid')
    await sleep(1_000)
    const baseline = Math.max(...(await sampleRss(pid, BASELINE_MS)))
    // Typed in the page, as a user would: no bench client on the bridge to receive a copy.
    await page.click(`[data-pane-id="${firstPaneId}"] .xterm-screen`)
    await page.type('yes')
    await page.press('Enter')
    const during = await sampleRss(pid, FLOOD_MS)
    await page.press('Control+C')
    const peak = Math.max(...during)
    const last = during.at(-1) ?? peak
    log(`host RSS: baseline ${toMB(baseline).toFixed(1)} MB, peak ${toMB(peak).toFixed(1)} MB, at the end ${toMB(last).toFixed(1)} MB`)
    // The prompt coming back shows the flood really ran and stopped in this pane.
    await waitForPaneRow(page, firstPaneId, PROMPT_ROW, 30_000).catch(() => log('no prompt after Ctrl+C within 30 s'))
    return {
      flood_host_rss_baseline_mb: round(toMB(baseline)),
      flood_host_rss_growth_mb: round(toMB(peak - baseline))
    }
  })
}

/** Sixteen idle shells on the page: host RSS and the page's live JS heap. */
async function idle16(browser: BenchBrowser): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const { serve, page, firstPaneId } = await openApp(browser, cleanup)
    const pid = serve.child.pid
    if (pid === undefined) throw new Error('serve has no pid')
    const ids = await withBridge(serve, (bridge) => createGrid16(bridge, firstPaneId))
    await waitForPrompts(page, ids)
    await sleep(IDLE_SETTLE_MS)
    const hostRss = Math.max(...(await sampleRss(pid, 1_000)))
    await page.send('HeapProfiler.collectGarbage')
    await page.send('Performance.enable')
    const { metrics } = (await page.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value
    if (heap === undefined) throw new Error('Performance.getMetrics reported no JSHeapUsedSize')
    await page.send('Performance.disable')
    return { idle16_host_rss_mb: round(toMB(hostRss)), idle16_renderer_heap_mb: round(toMB(heap)) }
  })
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const browser = await BenchBrowser.launch()
    cleanup.add(() => browser.close())
    return { ...(await flood(browser)), ...(await idle16(browser)) }
  })
}
