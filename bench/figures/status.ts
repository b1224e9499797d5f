import { readFileSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PaneInfo } from '../../src/shared/bridge.ts'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../../tests/support/claude-config.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI } from '../../tests/support/claude-versions.ts'
import { startFakeAnthropic } from '../../tests/support/fake-anthropic.ts'
import type { Figures, Target } from '../report.ts'
import { openApp, pollInPage, type App } from '../support/app-page.ts'
import { BenchBrowser, type BenchPage } from '../support/devtools.ts'
import { sleep, withCleanup, type Cleanup } from '../support/process.ts'
import { percentile } from '../support/stats.ts'

// How fast a hook reaches the badge, and what 16 idle Claude panes cost the host.
// Real Claude Code CLIs against the fake API, the real page in Chromium.

const HOOK_EVENTS = 240
const IDLE_PANES = 16
const IDLE_SETTLE_MS = 5_000
const CPU_WINDOW_MS = 20_000
/** Linux's USER_HZ: /proc times are in these ticks. */
const TICKS_PER_SECOND = 100
const READY_TIMEOUT_MS = 120_000

export const targets: Readonly<Record<string, Target>> = {
  hook_to_badge_p99_ms: { max: 50 },
  idle16_host_cpu_pct: { max: 2 }
}

const log = (line: string): void => void process.stderr.write(`bench: status: ${line}\n`)

async function claudeApp(cleanup: Cleanup): Promise<App> {
  const api = await startFakeAnthropic()
  cleanup.add(() => api.close())
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [realpathSync(tmpdir())] })
  const browser = await BenchBrowser.launch()
  cleanup.add(() => browser.close())
  // The oldest supported CLI, as the status targets were first measured with it.
  const onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  cleanup.add(() => onPath.dispose())
  return openApp(browser, cleanup, onPath.env)
}

/** Creates Claude panes over the bridge and waits until every one is idle with its session known. */
async function idleClaudePanes(app: App, count: number): Promise<PaneInfo[]> {
  return withBridge(app.serve, async (bridge) => {
    const panes: PaneInfo[] = []
    for (let i = 0; i < count; i++) panes.push(await bridge.call('pane.create', { kind: 'claude', model: 'haiku', cols: 80, rows: 24 }))
    const deadline = Date.now() + READY_TIMEOUT_MS
    for (;;) {
      const list = await bridge.call('pane.list', {})
      const ready = list.filter((pane) => panes.some((p) => p.id === pane.id) && pane.status?.state === 'idle' && pane.status.sessionId)
      if (ready.length === count) return ready
      if (Date.now() > deadline) throw new Error(`only ${ready.length} of ${count} Claude panes became idle`)
      await sleep(250)
    }
  })
}

/** Records, in the page, when a pane's badge shows a new state: the frame after the DOM changed. */
async function installBadgeProbe(page: BenchPage, paneId: string): Promise<void> {
  await page.evaluate(`(() => {
    const seen = []
    window.badgeChanges = seen
    const pane = document.querySelector('[data-pane-id="${paneId}"]')
    const observer = new MutationObserver(() => {
      const state = pane.querySelector('.status-badge')?.dataset.state
      if (state && state !== seen.at(-1)?.state) {
        const entry = { state, at: 0 }
        seen.push(entry)
        requestAnimationFrame(() => { entry.at = Date.now() })
      }
    })
    observer.observe(pane, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true })
  })()`)
}

/** The pane's hook URL (from its generated settings) and secret (from the CLI's own environment). */
function hookEndpoint(dataDir: string, pane: PaneInfo): { url: string; secret: string } {
  const settings = JSON.parse(readFileSync(join(dataDir, 'panes', pane.id, 'claude-settings.json'), 'utf8')) as {
    hooks: Record<string, Array<{ hooks: Array<{ url?: string }> }>>
  }
  const url = settings.hooks.Stop?.[0]?.hooks[0]?.url
  const environ = readFileSync(`/proc/${pane.pid}/environ`, 'utf8').split('\0')
  const secret = environ.find((entry) => entry.startsWith('TESSERA_HOOK_SECRET='))?.slice('TESSERA_HOOK_SECRET='.length)
  if (!url || !secret) throw new Error('no hook endpoint for the pane')
  return { url, secret }
}

async function hookToBadge(app: App, pane: PaneInfo): Promise<number[]> {
  const { url, secret } = hookEndpoint(app.serve.dataDir, pane)
  await installBadgeProbe(app.page, pane.id)
  const samples: number[] = []
  for (let i = 0; i < HOOK_EVENTS; i++) {
    // Alternating events, as a real turn would send them: each one changes the badge.
    const [event, state] = i % 2 === 0 ? ['UserPromptSubmit', 'working'] : ['Stop', 'idle']
    const payload = JSON.stringify({ hook_event_name: event, session_id: pane.status?.sessionId, prompt: 'bench' })
    const sentAt = Date.now()
    const response = await fetch(url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'x-tessera-secret': secret } })
    if (response.status !== 200) throw new Error(`hook refused: ${response.status}`)
    // The page stamps the change itself; how often this checks does not move the stamp.
    await pollInPage(app.page, `window.badgeChanges.length === ${i + 1} && window.badgeChanges[${i}].state === '${state}' && window.badgeChanges[${i}].at > 0`, 5, 10_000)
    const shownAt = await app.page.evaluate<number>(`window.badgeChanges[${i}].at`)
    samples.push(shownAt - sentAt)
  }
  return samples
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return Number(fields[11]) + Number(fields[12])
}

async function hostCpuPercent(pid: number, ms: number): Promise<number> {
  const before = cpuTicks(pid)
  const started = Date.now()
  await sleep(ms)
  const seconds = (cpuTicks(pid) - before) / TICKS_PER_SECOND
  return (100 * seconds) / ((Date.now() - started) / 1000)
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const app = await claudeApp(cleanup)
    const pid = app.serve.child.pid
    if (pid === undefined) throw new Error('serve has no pid')
    const panes = await idleClaudePanes(app, IDLE_PANES)
    log(`${panes.length} Claude panes idle`)
    await sleep(IDLE_SETTLE_MS)
    const cpu = await hostCpuPercent(pid, CPU_WINDOW_MS)
    log(`host CPU with ${IDLE_PANES} idle Claude panes and the page attached: ${cpu.toFixed(2)} % of one core over ${CPU_WINDOW_MS / 1000} s`)

    const first = panes[0]
    if (!first) throw new Error('no pane')
    const samples = (await hookToBadge(app, first)).sort((a, b) => a - b)
    log(`${samples.length} hook events: min ${samples[0]} ms, max ${samples.at(-1)} ms`)
    return {
      hook_to_badge_p50_ms: percentile(samples, 0.5),
      hook_to_badge_p99_ms: percentile(samples, 0.99),
      hook_to_badge_samples: samples.length,
      idle16_host_cpu_pct: Number(cpu.toFixed(2))
    }
  })
}
