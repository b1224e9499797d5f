import { performance } from 'node:perf_hooks'
import { startServe, type ServeProcess } from '../../tests/support/serve-process.ts'
import { PROMPT_ROW } from '../../tests/support/terminal-page.ts'
import { summarize, type Figures } from '../report.ts'
import { pollInPage, rowMatches, VIEWPORT } from '../support/app-page.ts'
import { BenchBrowser } from '../support/devtools.ts'

// Browser mode's cold start as a user waits for it: host spawned → URL printed →
// page loaded → bridge connected → shell prompt drawn in xterm.js.

const RUNS = 5
const PROMPT_TIMEOUT_MS = 15_000

interface Sample {
  toPromptMs: number
  toUrlMs: number
}

/** One cold start; the browser and a blank tab exist before the clock starts. */
async function sampleOnce(browser: BenchBrowser): Promise<Sample> {
  const page = await browser.newPage(VIEWPORT)
  let serve: ServeProcess | undefined
  try {
    const start = performance.now()
    serve = await startServe()
    const urlAt = performance.now()
    await page.goto(serve.url)
    await pollInPage(page, rowMatches('.xterm-rows', PROMPT_ROW), 10, PROMPT_TIMEOUT_MS)
    const end = performance.now()
    return { toPromptMs: end - start, toUrlMs: urlAt - start }
  } finally {
    await page.close()
    await serve?.stop()
  }
}

export async function measure(): Promise<Figures> {
  const browser = await BenchBrowser.launch()
  const samples: Sample[] = []
  try {
    // Sequential on purpose: parallel starts would measure contention, not start-up.
    for (let run = 0; run < RUNS; run++) samples.push(await sampleOnce(browser))
  } finally {
    await browser.close()
  }
  const toPrompt = summarize(samples.map((sample) => sample.toPromptMs))
  return {
    startup_to_prompt_ms: Math.round(toPrompt.median),
    startup_to_prompt_min_ms: Math.round(toPrompt.min),
    startup_to_prompt_max_ms: Math.round(toPrompt.max),
    // The host's share of the above, so a regression can be placed.
    startup_host_to_url_ms: Math.round(summarize(samples.map((sample) => sample.toUrlMs)).median)
  }
}
