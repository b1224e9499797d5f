import { TEST_PROMPT } from '../../tests/support/serve-process.ts'
import { createGrid16, openApp, renderers, rowsSelector, waitForPrompts } from '../support/app-page.ts'
import { BenchBrowser, type BenchPage } from '../support/devtools.ts'
import { DISABLED_CHROMIUM_FEATURES } from '../../src/main/shell/chromium-features.ts'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { sleep, withCleanup } from '../support/process.ts'
import type { Figures, Target } from '../report.ts'
import { percentile } from '../support/stats.ts'

// Keystroke to echo in a busy workspace: 16 panes in a 4×4 grid, 15 of them
// printing as fast as they can, and the user typing into the one quiet pane.
// Both ends are read from the page's clock: the keydown event's timestamp (when
// the browser took the key, so time the event waits behind flood work counts)
// and the moment a MutationObserver sees the typed character in that pane's rows.

const KEYSTROKES = 200
/**
 * The bench must fit in a few minutes: when echoes are slow, measuring stops after
 * this long with fewer keystrokes (reported as input_latency_samples).
 */
const MEASURE_BUDGET_MS = 60_000
const WARMUP_KEYSTROKES = 10
/** Cleared with Ctrl+U this often, so the line never wraps in a narrow pane. */
const CLEAR_EVERY = 20
const ECHO_TIMEOUT_MS = 10_000
/** Let the floods reach their steady state before measuring. */
const FLOOD_SETTLE_MS = 2_000
// A log-like flood (numbers of varying width), not a single repeated character, from
// one long-lived process: a `while … seq` loop would fork thousands of processes a
// second and measure the kernel's fork cost on a small machine instead of Tessera.
const FLOOD_COMMAND = 'seq 1 999999999\r'
const PROMPT = TEST_PROMPT.trimEnd()

export const targets: Readonly<Record<string, Target>> = {
  input_latency_p99_ms: { max: 25 }
}

const log = (line: string): void => void process.stderr.write(`bench: latency: ${line}\n`)

// Installed once: arms a probe for the next keydown and the row that should follow it.
const PROBE_SOURCE = `window.__armEchoProbe = (rowsSelector, expected, timeoutMs) => {
  const rows = document.querySelector(rowsSelector);
  if (!rows) return Promise.reject(new Error('no rows at ' + rowsSelector));
  return new Promise((resolve, reject) => {
    let key = null;
    const shows = () => {
      for (const row of rows.children) if (row.textContent.replace(/\\u00a0/g, ' ').trimEnd() === expected) return true;
      return false;
    };
    const onKeydown = (event) => {
      if (key === null) key = { stamp: event.timeStamp, dispatched: performance.now() };
    };
    const observer = new MutationObserver(() => {
      if (key !== null && shows()) finish({ keyAt: key.stamp, dispatchedAt: key.dispatched, echoAt: performance.now() });
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('no echo of "' + expected + '" within ' + timeoutMs + ' ms (keydown ' + (key ? 'seen' : 'not seen') + ')'));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      observer.disconnect();
      window.removeEventListener('keydown', onKeydown, true);
    };
    const finish = (result) => {
      cleanup();
      resolve(result);
    };
    window.addEventListener('keydown', onKeydown, true);
    observer.observe(rows, { childList: true, subtree: true, characterData: true });
  });
};`

interface Echo {
  keyAt: number
  dispatchedAt: number
  echoAt: number
}

/** Presses `key` and resolves when the pane's rows show `expected`. */
async function pressAndWait(page: BenchPage, selector: string, key: string, expected: string): Promise<Echo> {
  await page.evaluate(`window.__echo = window.__armEchoProbe(${JSON.stringify(selector)}, ${JSON.stringify(expected)}, ${ECHO_TIMEOUT_MS}); window.__echo.catch(() => {}); 0`)
  await page.press(key)
  return page.evaluate<Echo>('window.__echo')
}

interface Latency {
  p50: number
  p99: number
  samples: number
}

/** Types into the quiet pane of a flooding 4×4 grid in a Chromium with `disabledFeatures` off. */
async function measureIn(disabledFeatures: readonly string[]): Promise<Latency> {
  return withCleanup(async (cleanup) => {
    const browser = await BenchBrowser.launch(disabledFeatures)
    cleanup.add(() => browser.close())
    const app = await openApp(browser, cleanup)
    const { page, firstPaneId: quiet } = app
    const ids = await withBridge(app.serve, (bridge) => createGrid16(bridge, quiet))
    await waitForPrompts(page, ids)
    log(`16 panes up, renderers ${[...new Set(await renderers(page))].join(',')}`)
    const floods = ids.filter((id) => id !== quiet)

    // Floods start over the bridge, which then closes: an open bench client would
    // receive (and make the host send) a copy of every flood.
    await withBridge(app.serve, async (bridge) => {
      for (const paneId of floods) await bridge.call('pane.write', { paneId, data: FLOOD_COMMAND })
    })
    cleanup.add(() =>
      withBridge(app.serve, async (bridge) => {
        for (const paneId of floods) await bridge.call('pane.write', { paneId, data: '\x03' })
      })
    )

    await page.click(`[data-pane-id="${quiet}"] .xterm-screen`)
    await page.evaluate(PROBE_SOURCE)
    await sleep(FLOOD_SETTLE_MS)

    const selector = rowsSelector(quiet)
    const samples: number[] = []
    const queueing: number[] = []
    let typed = ''
    // Jitter between keystrokes so they land at every phase of the page's frames.
    let jitter = 12345
    let measuringSince = 0
    for (let stroke = 0; stroke < WARMUP_KEYSTROKES + KEYSTROKES; stroke++) {
      if (stroke === WARMUP_KEYSTROKES) measuringSince = Date.now()
      if (stroke > WARMUP_KEYSTROKES && Date.now() - measuringSince > MEASURE_BUDGET_MS) {
        log(`time budget spent after ${samples.length} of ${KEYSTROKES} keystrokes`)
        break
      }
      if (typed.length === CLEAR_EVERY) {
        await pressAndWait(page, selector, 'Control+U', PROMPT)
        typed = ''
      }
      const letter = String.fromCharCode(97 + (stroke % 26))
      typed += letter
      const echo = await pressAndWait(page, selector, letter, `${PROMPT} ${typed}`)
      if (stroke >= WARMUP_KEYSTROKES) {
        // Chromium stamps the event when it takes the input; were that stamp ever
        // later than the listener's own clock, trust the listener.
        const keyAt = Math.min(echo.keyAt, echo.dispatchedAt)
        samples.push(echo.echoAt - keyAt)
        queueing.push(echo.dispatchedAt - keyAt)
      }
      jitter = (jitter * 1103515245 + 12345) % 2147483648
      await sleep(10 + (jitter % 40))
    }

    const sorted = [...samples].sort((a, b) => a - b)
    const waited = [...queueing].sort((a, b) => a - b)
    log(
      `${samples.length} keystrokes: min ${sorted[0]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; ` +
        `keydown waited for the page's main thread p50 ${percentile(waited, 0.5).toFixed(1)} ms, p99 ${percentile(waited, 0.99).toFixed(1)} ms`
    )
    return { p50: Number(percentile(sorted, 0.5).toFixed(1)), p99: Number(percentile(sorted, 0.99).toFixed(1)), samples: samples.length }
  })
}

export async function measure(): Promise<Figures> {
  // Browser mode in a stock Chromium, then with the features the desktop shell turns off
  // (its own Electron window cannot run here).
  const stock = await measureIn([])
  log('again, with the desktop shell\'s Chromium features off')
  const desktop = await measureIn(DISABLED_CHROMIUM_FEATURES)
  return {
    input_latency_p50_ms: stock.p50,
    input_latency_p99_ms: stock.p99,
    input_latency_samples: stock.samples,
    input_latency_desktop_switches_p50_ms: desktop.p50,
    input_latency_desktop_switches_p99_ms: desktop.p99
  }
}
