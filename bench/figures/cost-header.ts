import { appendFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, watch } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { CostScanner } from '../../src/main/costs/cost-scanner.ts'
import { createLogger } from '../../src/main/log/index.ts'
import type { PaneInfo } from '../../src/shared/bridge.ts'
import { BridgeClient } from '../../tests/support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../../tests/support/claude-config.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI } from '../../tests/support/claude-versions.ts'
import { startFakeAnthropic } from '../../tests/support/fake-anthropic.ts'
import { assistantLine } from '../../tests/support/transcript-lines.ts'
import type { Figures, Target } from '../report.ts'
import { openApp, pollInPage, rowMatches, rowsSelector, type App } from '../support/app-page.ts'
import { BenchBrowser, type BenchPage } from '../support/devtools.ts'
import { sleep, withCleanup, type Cleanup } from '../support/process.ts'
import { percentile } from '../support/stats.ts'

// How soon a Claude pane's header shows what a turn cost (issue 15): a real Claude Code CLI
// against the fake API runs one real turn, so its session and transcript exist and the host
// counts them for the pane; once the CLI has stopped writing, an assistant line with new usage
// is appended to that transcript 100 times, a turn every ~300 ms, and the page stamps the
// frame after the header's cost text changed. Date.now() in both processes: one machine, one
// clock. To say where the time goes, this process also stamps its own fs.watch event for each
// append (what the host's watcher can hear at the soonest) and the host's panes.changed
// carrying the new cost (a second bridge client, as the page's twin). Last, the host's
// counting alone: the same worker (a CostScanner in this process) on a scratch transcript,
// from an append to its 'changed' message (fs.watch, the watcher's first-read delay, reading
// and counting) and from there to the session's cost (the round trip the host makes before
// panes.changed).

const TURNS = 100
/** The CLI still writes its transcript for a moment after the turn's cost shows: the appends wait until it has been quiet this long. */
const QUIET_MS = 1_000
/** A turn every this often: past the watcher's 200 ms read throttle, as agents' turns are. */
const TURN_SPACING_MS = 300
/** Appends for the counting worker alone. */
const SCANNER_TURNS = 50
const READY_TIMEOUT_MS = 120_000
const CHANGE_TIMEOUT_MS = 10_000
/** Output tokens per appended line: $0.025 at Opus 4.5–4.8's $25/MTok, so the cents always change. */
const OUTPUT_PER_TURN = 1_000

export const targets: Readonly<Record<string, Target>> = {
  cost_turn_to_header_p99_ms: { max: 100 }
}

const log = (line: string): void => void process.stderr.write(`bench: cost-header: ${line}\n`)

interface Setup {
  app: App
  configDir: string
}

async function claudeApp(cleanup: Cleanup): Promise<Setup> {
  const api = await startFakeAnthropic()
  cleanup.add(() => api.close())
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [realpathSync(tmpdir())] })
  const browser = await BenchBrowser.launch()
  cleanup.add(() => browser.close())
  const onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanup.add(() => onPath.dispose())
  return { app: await openApp(browser, cleanup, onPath.env), configDir }
}

/** Where the CLI writes a session's transcript: the cwd with every character outside [A-Za-z0-9] as '-'. */
const transcriptPath = (configDir: string, cwd: string, sessionId: string): string => join(configDir, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'), `${sessionId}.jsonl`)

/** A Claude pane, idle with its session known, after one real turn (so its transcript exists and is the pane's). */
async function claudePaneAfterOneTurn(app: App, bridge: BridgeClient): Promise<PaneInfo> {
  const created = await bridge.call('pane.create', { kind: 'claude', cols: 100, rows: 30, beside: { paneId: app.firstPaneId, edge: 'right' } })
  const deadline = Date.now() + READY_TIMEOUT_MS
  const idle = async (): Promise<PaneInfo> => {
    for (;;) {
      const pane = (await bridge.call('pane.list', {})).find((listed) => listed.id === created.id)
      if (pane?.status?.state === 'idle' && pane.agent?.sessionId) return pane
      if (Date.now() > deadline) throw new Error('the Claude pane did not become idle')
      await sleep(250)
    }
  }
  await idle()
  await pollInPage(app.page, rowMatches(rowsSelector(created.id), /\? for shortcuts/), 50, READY_TIMEOUT_MS)
  await bridge.call('pane.write', { paneId: created.id, data: 'one real turn' })
  await pollInPage(app.page, rowMatches(rowsSelector(created.id), /one real turn/), 20, READY_TIMEOUT_MS)
  await bridge.call('pane.write', { paneId: created.id, data: '\r' })
  await pollInPage(app.page, rowMatches(rowsSelector(created.id), /OK from the fake API/), 20, READY_TIMEOUT_MS)
  return idle()
}

/** Resolves once the file has not changed for `ms`. */
async function quietFor(path: string, ms: number): Promise<void> {
  for (;;) {
    const since = Date.now() - statSync(path).mtimeMs
    if (since >= ms) return
    await sleep(ms - since)
  }
}

/** The pane's cost text as the page shows it. */
const costTextOf = (paneId: string): string => `document.querySelector('[data-pane-id="${paneId}"] .pane-cost-text')?.textContent ?? null`

/** Records, in the page, each new cost text of the pane's header: when the DOM changed and the frame after. */
async function installCostProbe(page: BenchPage, paneId: string): Promise<void> {
  await page.evaluate(`(() => {
    const seen = []
    window.costChanges = seen
    const pane = document.querySelector('[data-pane-id="${paneId}"]')
    let last = ${costTextOf(paneId)}
    const observer = new MutationObserver(() => {
      const text = ${costTextOf(paneId)}
      if (text === null || text === last) return
      last = text
      const entry = { text, mutatedAt: Date.now(), at: 0 }
      seen.push(entry)
      requestAnimationFrame(() => { entry.at = Date.now() })
    })
    observer.observe(pane, { subtree: true, childList: true, characterData: true })
  })()`)
}

interface Sample {
  /** Append to the frame that shows the new cost. */
  total: number
  /** Append to this process's own fs.watch event for it. */
  watch: number
  /** Append to the host's panes.changed with the new cost, as a bridge client hears it. */
  host: number
  /** panes.changed to the DOM change (WebSocket, store, React render). */
  page: number
  /** The DOM change to the frame after it. */
  frame: number
}

/** Stamps the first event after each `arm()`: one fs.watch or one bridge event per turn. */
class Stamper {
  private armedAt: number | undefined
  stamp: number | undefined

  arm(): void {
    this.armedAt = Date.now()
    this.stamp = undefined
  }

  hit(): void {
    if (this.armedAt !== undefined && this.stamp === undefined) this.stamp = Date.now()
  }
}

async function turnsToHeader(app: App, bridge: BridgeClient, pane: PaneInfo, path: string): Promise<Sample[]> {
  const sessionId = pane.agent?.sessionId ?? ''
  const fileWatch = new Stamper()
  const watcher = watch(path, () => fileWatch.hit())
  const hostChange = new Stamper()
  let lastCost = pane.cost?.cost ?? 0
  const stopListening = bridge.on('panes.changed', ({ panes }) => {
    const cost = panes.find((listed) => listed.id === pane.id)?.cost?.cost
    if (cost !== undefined && cost !== lastCost) {
      lastCost = cost
      hostChange.hit()
    }
  })
  await installCostProbe(app.page, pane.id)
  const samples: Sample[] = []
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      const line = assistantLine({
        sessionId,
        messageId: `msg_bench_${turn}`,
        requestId: `req_bench_${turn}`,
        model: DEFAULT_CLAUDE_CLI.aliasModels?.opus ?? 'claude-opus-4-8',
        timestamp: new Date().toISOString(),
        cwd: pane.cwd,
        usage: { input: 10, output: OUTPUT_PER_TURN }
      })
      fileWatch.arm()
      hostChange.arm()
      const sentAt = Date.now()
      appendFileSync(path, `${line}\n`)
      await pollInPage(app.page, `window.costChanges.length === ${turn + 1} && window.costChanges[${turn}].at > 0`, 5, CHANGE_TIMEOUT_MS)
      const shown = await app.page.evaluate<{ mutatedAt: number; at: number }>(`window.costChanges[${turn}]`)
      const heard = hostChange.stamp ?? shown.mutatedAt
      samples.push({
        total: shown.at - sentAt,
        watch: (fileWatch.stamp ?? shown.mutatedAt) - sentAt,
        host: heard - sentAt,
        page: shown.mutatedAt - heard,
        frame: shown.at - shown.mutatedAt
      })
      await sleep(Math.max(0, sentAt + TURN_SPACING_MS - Date.now()))
    }
  } finally {
    watcher.close()
    stopListening()
  }
  return samples
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b)

const quietLog = createLogger('bench', (entry) => {
  if (entry.level === 'warn' || entry.level === 'error') log(`scanner ${entry.level}: ${entry.message}`)
})

/** The counting worker alone: append → its 'changed' message, and 'changed' → the session's cost (ms each). */
async function scannerAlone(): Promise<{ changed: number[]; cost: number[] }> {
  const root = mkdtempSync(join(tmpdir(), 'tessera-bench-cost-header-'))
  const dir = join(root, 'projects', '-work-project')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'bench-session.jsonl')
  appendFileSync(path, '')
  let heard: (() => void) | undefined
  let scanner: CostScanner | undefined
  try {
    await new Promise<void>((resolve) => {
      scanner = new CostScanner({ onChanged: () => heard?.(), onScanned: resolve, log: quietLog })
      scanner.start([join(root, 'projects')])
    })
    const active = scanner as CostScanner
    const changed: number[] = []
    const cost: number[] = []
    for (let turn = 0; turn < SCANNER_TURNS; turn++) {
      const line = assistantLine({ sessionId: 'bench-session', messageId: `msg_${turn}`, requestId: `req_${turn}`, model: 'claude-opus-4-8', usage: { output: OUTPUT_PER_TURN } })
      const counted = new Promise<number>((resolve) => (heard = () => resolve(Date.now())))
      const sentAt = Date.now()
      appendFileSync(path, `${line}\n`)
      const changedAt = await counted
      await active.sessionCost(['bench-session'])
      changed.push(changedAt - sentAt)
      cost.push(Date.now() - changedAt)
      await sleep(Math.max(0, sentAt + TURN_SPACING_MS - Date.now()))
    }
    return { changed: sorted(changed), cost: sorted(cost) }
  } finally {
    await scanner?.dispose()
    rmSync(root, { recursive: true, force: true })
  }
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const { app, configDir } = await claudeApp(cleanup)
    const bridge = await BridgeClient.connect(app.serve)
    cleanup.add(() => bridge.close())
    const pane = await claudePaneAfterOneTurn(app, bridge)
    const path = transcriptPath(configDir, pane.cwd, pane.agent?.sessionId ?? '')
    if (!existsSync(path)) throw new Error(`no transcript at ${path}`)
    // The real turn's own cost is on the page before the clock starts.
    await pollInPage(app.page, `(${costTextOf(pane.id)}) !== null && (${costTextOf(pane.id)}) !== '$0.00'`, 20, READY_TIMEOUT_MS)
    // Else the first append lands among the CLI's own last lines, within the watcher's 200 ms read throttle.
    await quietFor(path, QUIET_MS)
    // The pane as it is now, with the real turn's cost (the probe's starting point).
    const current = (await bridge.call('pane.list', {})).find((listed) => listed.id === pane.id) ?? pane
    log(`Claude pane ${pane.id} after one real turn shows ${await app.page.evaluate<string>(costTextOf(pane.id))}; appending ${TURNS} turns to ${path}`)
    const samples = await turnsToHeader(app, bridge, current, path)
    const total = sorted(samples.map((sample) => sample.total))
    const part = (key: keyof Sample): number[] => sorted(samples.map((sample) => sample[key]))
    const describe = (key: keyof Sample): string => `${key} p50 ${percentile(part(key), 0.5)} / p99 ${percentile(part(key), 0.99)} / max ${part(key).at(-1)} ms`
    log(`${samples.length} turns: ${describe('total')} (load average ${loadavg().map((load) => load.toFixed(1)).join(' ')})`)
    log(`  where it goes: ${(['watch', 'host', 'page', 'frame'] as const).map(describe).join('; ')}`)
    const alone = await scannerAlone()
    const spread = (values: number[]): string => `p50 ${percentile(values, 0.5)} / p99 ${percentile(values, 0.99)} / max ${values.at(-1)} ms`
    log(`  the counting worker alone, ${SCANNER_TURNS} appends: to its 'changed' ${spread(alone.changed)}; then the session's cost ${spread(alone.cost)}`)
    return {
      cost_turn_to_header_p50_ms: percentile(total, 0.5),
      cost_turn_to_header_p99_ms: percentile(total, 0.99),
      cost_turn_to_header_samples: samples.length,
      cost_turn_host_p50_ms: percentile(part('host'), 0.5),
      cost_turn_page_p50_ms: percentile(part('page'), 0.5),
      cost_turn_worker_p50_ms: percentile(alone.changed, 0.5) + percentile(alone.cost, 0.5)
    }
  })
}
