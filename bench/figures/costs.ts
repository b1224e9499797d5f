import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, realpathSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { CostReport, CostRow } from '../../src/shared/costs.ts'
import { CostEngine } from '../../src/main/costs/cost-engine.ts'
import { CostScanner } from '../../src/main/costs/cost-scanner.ts'
import { createLogger } from '../../src/main/log/index.ts'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../../tests/support/claude-config.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI } from '../../tests/support/claude-versions.ts'
import { startFakeAnthropic } from '../../tests/support/fake-anthropic.ts'
import { REPO_ROOT } from '../../tests/support/serve-process.ts'
import { summarize, type Figures, type Target } from '../report.ts'
import { openApp, type App } from '../support/app-page.ts'
import { BenchBrowser } from '../support/devtools.ts'
import { rssBytes, sleep, toMB, withCleanup } from '../support/process.ts'
import { ensureCorpus, linkProjects, type Corpus } from '../support/transcript-corpus.ts'
import type { ModelTokens } from '../support/transcript-session.ts'

// Counting Claude Code's transcripts (issue 15). A generated 500 MB history (see
// transcript-corpus.ts) is scanned from scratch as the product does it: a CostScanner starts
// its worker thread and reads every transcript until onScanned; the engine alone, in this
// process, shows what the thread and messages add. ccusage, the reference tracker, reads the
// same files in the same run: the ratio of wall times, and whether both count the same tokens
// per model. Files are in the OS page cache for every reader (one read before the clock), so
// "cold" means a fresh counter, not a cold disk. Then the host at rest: 16 idle Claude panes
// with the history under their config dir, against the same without history.

const CORPUS_MB = 500
const SCAN_ROUNDS = 3
const CCUSAGE_ROUNDS = 2
const CCUSAGE = join(REPO_ROOT, 'node_modules', 'ccusage', 'dist', 'index.js')
const IDLE_PANES = 16
const IDLE_SETTLE_MS = 5_000
const CPU_WINDOW_MS = 20_000
const READY_TIMEOUT_MS = 180_000
/** Linux's USER_HZ: /proc times are in these ticks. */
const TICKS_PER_SECOND = 100

export const targets: Readonly<Record<string, Target>> = {
  cost_scan_vs_ccusage_ratio: { min: 3 },
  cost_tokens_wrong_models: { max: 0 },
  cost_idle_host_cpu_pct: { max: 2 }
}

const log = (line: string): void => void process.stderr.write(`bench: costs: ${line}\n`)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const round = (value: number, digits: number): number => Number(value.toFixed(digits))

type ByModel = Record<string, ModelTokens>

/** Tokens per model as ccusage reports them: cache writes as one figure. */
function byModelOf(rows: readonly CostRow[]): ByModel {
  return Object.fromEntries(
    rows.map((row) => [row.key, { input: row.tokens.input, output: row.tokens.output, cacheCreation: row.tokens.cacheWrite5m + row.tokens.cacheWrite1h, cacheRead: row.tokens.cacheRead }])
  )
}

/** Models whose totals differ, each with what differs. */
function differences(actual: ByModel, expected: ByModel): string[] {
  const models = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort()
  return models.flatMap((model) => {
    const [a, e] = [actual[model], expected[model]]
    if (!a || !e) return [`${model}: ${a ? 'not expected' : 'missing'}`]
    const fields = (Object.keys(e) as Array<keyof ModelTokens>).filter((field) => a[field] !== e[field])
    return fields.length === 0 ? [] : [`${model}: ${fields.map((field) => `${field} ${a[field]} instead of ${e[field]} (${signed(a[field] - e[field])})`).join(', ')}`]
  })
}

const signed = (value: number): string => (value > 0 ? `+${value}` : String(value))

/** Reads every transcript once, so each counter finds the files in the page cache alike. */
function warmPageCache(dir: string): void {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const fd = openSync(join(entry.parentPath, entry.name), 'r')
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd)
    }
  }
}

const quietLog = createLogger('bench', (entry) => {
  if (entry.level === 'warn' || entry.level === 'error') log(`scanner ${entry.level}: ${entry.message} ${JSON.stringify(entry.data ?? {})}`)
})

/** The product's way: a CostScanner (worker thread) from start() to onScanned, then its report. */
async function scannerScan(projectsDir: string): Promise<{ ms: number; cpuMs: number; report: CostReport }> {
  const started = performance.now()
  // This process's CPU, every thread: the scan worker's, and this thread's (idle, waiting).
  const cpuBefore = process.cpuUsage()
  let scanner: CostScanner | undefined
  await new Promise<void>((resolve) => {
    scanner = new CostScanner({ onChanged: () => undefined, onScanned: resolve, log: quietLog })
    scanner.start([projectsDir])
  })
  const ms = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  const active = scanner as CostScanner
  try {
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, report: await active.report('all', Date.now(), [], true) }
  } finally {
    await active.dispose()
  }
}

function engineScan(projectsDir: string): { ms: number; report: CostReport } {
  const started = performance.now()
  const engine = new CostEngine()
  engine.scanRoots([projectsDir])
  const ms = performance.now() - started
  return { ms, report: engine.report('all', Date.now(), []) }
}

interface CcusageDay {
  modelBreakdowns: Array<{ modelName: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number }>
}

/** Loaded into ccusage's process: says on exit how much CPU it used (all its threads), on stderr. */
const CPU_REPORT = 'tessera-bench-cpu-us'
const CPU_REPORTER = `data:text/javascript,${encodeURIComponent(`process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\n${CPU_REPORT} ' + (u.user + u.system) + '\\n') })`)}`

/** `ccusage daily --json --offline` on the corpus: wall time of the whole process, its CPU time, and its tokens per model. */
async function ccusageScan(configDir: string): Promise<{ ms: number; cpuMs: number; byModel: ByModel }> {
  const started = performance.now()
  const args = ['--import', CPU_REPORTER, CCUSAGE, 'daily', '--json', '--offline']
  const child = spawn(process.execPath, args, { env: { ...process.env, CLAUDE_CONFIG_DIR: configDir }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`ccusage exited with ${code}: ${stderr.slice(-2_000)}`)
  const cpuUs = new RegExp(`^${CPU_REPORT} (\\d+)$`, 'm').exec(stderr)?.[1]
  if (cpuUs === undefined) throw new Error(`ccusage did not report its CPU time: ${stderr.slice(-2_000)}`)
  const byModel: ByModel = {}
  for (const day of (JSON.parse(stdout) as { daily: CcusageDay[] }).daily) {
    for (const row of day.modelBreakdowns) {
      const sum = (byModel[row.modelName] ??= { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 })
      sum.input += row.inputTokens
      sum.output += row.outputTokens
      sum.cacheCreation += row.cacheCreationTokens
      sum.cacheRead += row.cacheReadTokens
    }
  }
  return { ms, cpuMs: Number(cpuUs) / 1000, byModel }
}

/** Checks Tessera's and ccusage's counts against what the corpus holds; warning lines say what differs. */
function checkCounts(corpus: Corpus, ours: ByModel, ccusage: ByModel): { wrong: number; ccusageDiffering: number } {
  const { largestCopy, firstCopy, partialResponses } = corpus.manifest
  const wrong = differences(ours, largestCopy)
  for (const line of wrong) log(`WARNING: Tessera counts wrong tokens: ${line}`)
  if (wrong.length === 0) log(`Tessera's tokens per model match the corpus (${Object.keys(largestCopy).length} models, each response once at its largest copy)`)
  const apart = differences(ccusage, ours)
  const explained = differences(ccusage, firstCopy).length === 0
  if (apart.length === 0) log('ccusage counts the same tokens per model as Tessera')
  else if (explained)
    log(`ccusage differs from Tessera on ${apart.length} models, exactly by its keep-the-first-copy rule: ${partialResponses} responses have streamed partial copies written before their full line (${apart.join('; ')})`)
  else for (const line of differences(ccusage, firstCopy)) log(`WARNING: ccusage and Tessera disagree beyond the known partial-copy rule: ${line}`)
  return { wrong: wrong.length, ccusageDiffering: apart.length }
}

async function scanFigures(corpus: Corpus): Promise<Figures> {
  const { manifest, projectsDir, configDir } = corpus
  const mb = manifest.bytes / 1e6
  warmPageCache(projectsDir)
  const empty = mkdtempSync(join(tmpdir(), 'tessera-bench-costs-empty-'))
  const start = await scannerScan(empty).finally(() => rmSync(empty, { recursive: true, force: true }))
  log(`worker start on an empty folder (CostScanner until onScanned): ${start.ms.toFixed(0)} ms`)
  const scanner: number[] = []
  const scannerCpu: number[] = []
  const engine: number[] = []
  const ccusage: number[] = []
  const ccusageCpu: number[] = []
  let ours: ByModel = {}
  let theirs: ByModel = {}
  for (let pass = 1; pass <= SCAN_ROUNDS; pass++) {
    const load = loadavg()[0] ?? NaN // the machine may be shared: the rounds say how busy it was
    const viaScanner = await scannerScan(projectsDir)
    scanner.push(viaScanner.ms)
    scannerCpu.push(viaScanner.cpuMs)
    ours = byModelOf(viaScanner.report.byModel)
    const alone = engineScan(projectsDir)
    engine.push(alone.ms)
    if (differences(byModelOf(alone.report.byModel), ours).length > 0) log('WARNING: the engine alone and the scanner counted different tokens')
    let line =
      `round ${pass} (load average ${load.toFixed(1)} before it): CostScanner ${seconds(viaScanner.ms)} (${(mb / (viaScanner.ms / 1000)).toFixed(0)} MB/s, ` +
      `CPU ${seconds(viaScanner.cpuMs)}), engine alone ${seconds(alone.ms)}`
    if (pass <= CCUSAGE_ROUNDS) {
      const reference = await ccusageScan(configDir)
      ccusage.push(reference.ms)
      ccusageCpu.push(reference.cpuMs)
      theirs = reference.byModel
      line += `, ccusage ${seconds(reference.ms)} (CPU ${seconds(reference.cpuMs)})`
    }
    log(line)
  }
  const { wrong, ccusageDiffering } = checkCounts(corpus, ours, theirs)
  const scanMs = summarize(scanner).median
  const ccusageMs = summarize(ccusage).median
  return {
    cost_corpus_mb: round(mb, 1),
    cost_corpus_files: manifest.files.sessions + manifest.files.subagents,
    cost_corpus_generate_s: round(manifest.generatedMs / 1000, 1),
    cost_scan_worker_start_ms: Math.round(start.ms),
    cost_scan_s: round(scanMs / 1000, 2),
    cost_scan_mb_s: round(mb / (scanMs / 1000), 1),
    cost_scan_engine_mb_s: round(mb / (summarize(engine).median / 1000), 1),
    cost_scan_cpu_s: round(summarize(scannerCpu).median / 1000, 2),
    cost_ccusage_s: round(ccusageMs / 1000, 2),
    cost_ccusage_cpu_s: round(summarize(ccusageCpu).median / 1000, 2),
    cost_scan_vs_ccusage_ratio: round(ccusageMs / scanMs, 2),
    cost_scan_vs_ccusage_cpu_ratio: round(summarize(ccusageCpu).median / summarize(scannerCpu).median, 2),
    cost_tokens_wrong_models: wrong,
    cost_ccusage_differing_models: ccusageDiffering
  }
}

/** utime + stime from a /proc stat file, in ticks: `/proc/<pid>/stat` sums every thread of the process. */
function cpuTicks(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return Number(fields[11]) + Number(fields[12])
}

/** Each thread's utime + stime, in ticks. */
function threadTicks(pid: number): Map<number, number> {
  const ticks = new Map<number, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ticks.set(Number(tid), cpuTicks(`/proc/${pid}/task/${tid}/stat`))
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ticks
}

/**
 * The process's CPU over `ms`, in percent of one core, and a line on its threads: the busiest
 * ones, and the non-main thread with the most CPU before the window (with a history on disk,
 * that is the scan worker: seconds of CPU from the first scan).
 */
async function cpuPercent(pid: number, ms: number): Promise<{ percent: number; threads: string }> {
  const before = cpuTicks(`/proc/${pid}/stat`)
  const threadsBefore = threadTicks(pid)
  const started = performance.now()
  await sleep(ms)
  const elapsedS = (performance.now() - started) / 1000
  const percent = (100 * (cpuTicks(`/proc/${pid}/stat`) - before)) / TICKS_PER_SECOND / elapsedS
  const threads = [...threadTicks(pid)].map(([tid, total]) => {
    const earlier = threadsBefore.get(tid) ?? 0
    return { name: tid === pid ? 'main' : `thread ${tid}`, tid, earlier, percent: (100 * (total - earlier)) / TICKS_PER_SECOND / elapsedS }
  })
  const busiest = [...threads].sort((a, b) => b.percent - a.percent).filter((thread) => thread.percent > 0).slice(0, 4)
  const heaviest = threads.filter((thread) => thread.tid !== pid).sort((a, b) => b.earlier - a.earlier)[0]
  const describe = (thread: (typeof threads)[number]): string => `${thread.name} ${thread.percent.toFixed(2)} %`
  const line =
    `busiest threads ${busiest.map(describe).join(', ') || 'none'}; ` +
    (heaviest ? `the non-main thread with the most CPU before the window (${(heaviest.earlier / TICKS_PER_SECOND).toFixed(1)} s): ${describe(heaviest)}` : '')
  return { percent, threads: line }
}

/** Asks the host for its cost report until it says the first scan is complete; returns that report. */
async function firstScanDone(app: App): Promise<CostReport> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  return withBridge(app.serve, async (bridge) => {
    for (;;) {
      // A query waits behind the scan in the worker; one sent during the scan answers after it, still partial.
      const report = await bridge.call('costs.report', { range: 'all' }).catch(() => undefined)
      if (report?.complete) return report
      if (Date.now() > deadline) throw new Error('the host never finished its first transcript scan')
      await sleep(250)
    }
  })
}

async function idleClaudePanes(app: App, count: number): Promise<void> {
  await withBridge(app.serve, async (bridge) => {
    const ids: string[] = []
    for (let i = 0; i < count; i++) ids.push((await bridge.call('pane.create', { kind: 'claude', model: 'haiku', cols: 80, rows: 24 })).id)
    const deadline = Date.now() + READY_TIMEOUT_MS
    for (;;) {
      const list = await bridge.call('pane.list', {})
      const ready = list.filter((pane) => ids.includes(pane.id) && pane.status?.state === 'idle' && pane.status.sessionId)
      if (ready.length === count) return
      if (Date.now() > deadline) throw new Error(`only ${ready.length} of ${count} Claude panes became idle`)
      await sleep(250)
    }
  })
}

interface IdleSample {
  cpuPct: number
  rssMb: number
  /** From the host's spawn to its report saying the first scan is complete. */
  firstScanMs: number
}

/** A host whose config dir holds the corpus (or nothing), 16 idle Claude panes and the page: its CPU at rest. */
async function idleHost(browser: BenchBrowser, corpus: Corpus | undefined): Promise<IdleSample> {
  return withCleanup(async (cleanup) => {
    const api = await startFakeAnthropic()
    cleanup.add(() => api.close())
    const scratch = mkdtempSync(join(realpathSync(tmpdir()), 'tessera-bench-costs-'))
    cleanup.add(() => rmSync(scratch, { recursive: true, force: true }))
    const configDir = await prepareClaudeConfigDir({ dir: join(scratch, 'config'), apiKey: FAKE_API_KEY, trustedDirs: [realpathSync(tmpdir())] })
    if (corpus) linkProjects(corpus.projectsDir, join(configDir, 'projects'))
    else mkdirSync(join(configDir, 'projects'))
    const onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
    cleanup.add(() => onPath.dispose())
    const started = performance.now()
    const app = await openApp(browser, cleanup, onPath.env)
    const pid = app.serve.child.pid
    if (pid === undefined) throw new Error('serve has no pid')
    // The host starts its scan at once; the panes start meanwhile, as they would on a restored workspace.
    const scan = firstScanDone(app).then((report) => ({ report, ms: performance.now() - started }))
    await idleClaudePanes(app, IDLE_PANES)
    const { report, ms: firstScanMs } = await scan
    if (corpus) {
      const wrong = differences(byModelOf(report.byModel), corpus.manifest.largestCopy)
      for (const line of wrong) log(`WARNING: the host's report counts wrong tokens: ${line}`)
    }
    await sleep(IDLE_SETTLE_MS)
    const load = loadavg()[0] ?? NaN
    const cpu = await cpuPercent(pid, CPU_WINDOW_MS)
    const rssMb = toMB(rssBytes(pid))
    const what = corpus ? `the ${(corpus.manifest.bytes / 1e6).toFixed(0)} MB history` : 'no history'
    log(
      `host with ${IDLE_PANES} idle Claude panes and ${what}: first scan complete ${seconds(firstScanMs)} after spawn (the panes starting meanwhile), ` +
        `CPU ${cpu.percent.toFixed(2)} % of a core over ${CPU_WINDOW_MS / 1000} s (load average ${load.toFixed(1)} before it; ${cpu.threads}), RSS ${rssMb.toFixed(0)} MB`
    )
    return { cpuPct: cpu.percent, rssMb, firstScanMs }
  })
}

async function idleFigures(corpus: Corpus): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const browser = await BenchBrowser.launch()
    cleanup.add(() => browser.close())
    const bare = await idleHost(browser, undefined)
    const full = await idleHost(browser, corpus)
    return {
      cost_idle_host_cpu_pct: round(full.cpuPct, 2),
      cost_idle_no_history_host_cpu_pct: round(bare.cpuPct, 2),
      cost_idle_host_rss_mb: round(full.rssMb, 1),
      cost_idle_no_history_host_rss_mb: round(bare.rssMb, 1),
      cost_idle_first_scan_s: round(full.firstScanMs / 1000, 2)
    }
  })
}

export async function measure(): Promise<Figures> {
  const started = performance.now()
  const corpus = ensureCorpus(CORPUS_MB, log)
  const { manifest } = corpus
  const share = (100 * manifest.usageKeyBytes) / manifest.bytes
  log(
    `${corpus.generated ? `generated in ${seconds(performance.now() - started)}` : `reused (generated once in ${seconds(manifest.generatedMs)})`}: ` +
      `${(manifest.bytes / 1e6).toFixed(0)} MB in ${manifest.files.sessions} sessions (${manifest.files.forks} forks) and ${manifest.files.subagents} subagent files ` +
      `across ${manifest.files.projects} projects; ${manifest.lines} lines, ${manifest.usageKeyLines} holding "usage" (${share.toFixed(0)} % of the bytes); ` +
      `${manifest.responses} API responses, ${manifest.partialResponses} with streamed partial copies`
  )
  return { ...(await scanFigures(corpus)), ...(await idleFigures(corpus)) }
}
