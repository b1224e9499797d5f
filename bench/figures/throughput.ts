import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as nodePty from 'node-pty'
import { readFileSync } from 'node:fs'
import { REPO_ROOT } from '../../tests/support/serve-process.ts'
import { openApp, pollInPage, renderers, rowIs, VIEWPORT } from '../support/app-page.ts'
import { BenchBrowser } from '../support/devtools.ts'
import { withBridge } from '../../tests/support/bridge-client.ts'
import { PRINTABLE_LINES_SEED, PRINTABLE_LINES_SOURCE, writePrintableLines } from '../support/printable-lines.ts'
import { sleep, toMB, withCleanup } from '../support/process.ts'
import { summarize, type Figures, type Target } from '../report.ts'

// How fast a big `cat` gets from the PTY onto the screen, against two references
// measured in the same run on the same bytes:
//   raw PTY      — node-pty in Node reading `cat file`, nothing else (the ceiling of the source);
//   xterm alone  — xterm.js in a blank page parsing and drawing the bytes (the ceiling of the sink);
//   Tessera      — the whole path: PTY → host batcher → WebSocket → page → xterm.js → DOM.
//                  The `cat` runs in the pane in use, so once the page is 1 MB behind the
//                  host skips ahead (src/main/pty/fast-forward.ts): the page then parses a
//                  few screens and the last 1 M characters, not all 64 MiB. The time is
//                  still until the END row shows, after the whole flood went through the PTY.
// Every rate is the file's size (1 MB = 1e6 bytes) over the time, so the three compare
// directly even though the PTY turns each `\n` into `\r\n` on the way.

const FILE_BYTES = 64 * 1024 * 1024
const RAW_PTY_SIZE = { cols: 120, rows: 40 }
const XTERM_CHUNK_BYTES = 64 * 1024
/** 64 KiB writes allowed in flight at once: 2 MiB, far below xterm.js's discard mark. */
const XTERM_IN_FLIGHT = 32
const END_ROW = 'END-42'
/** xterm.js and the addons a pane loads that act on output (fit only sizes the terminal). */
const XTERM_SCRIPTS = [
  ['xterm', 'lib', 'xterm.js'],
  ['addon-search', 'lib', 'addon-search.js'],
  ['addon-web-links', 'lib', 'addon-web-links.js'],
  ['addon-unicode11', 'lib', 'addon-unicode11.js']
]
const RUN_TIMEOUT_MS = 150_000
/**
 * Rounds of all three measurements; the figures are medians. Single runs of the same build
 * varied by a factor of 1.5 on a 2-core machine (Tessera 9.4–13 MB/s, xterm alone 13–21).
 */
const ROUNDS = 3

interface Round {
  raw: number
  tessera: number
  alone: number
}

export const targets: Readonly<Record<string, Target>> = {
  throughput_ratio_vs_raw_pty: { min: 0.5 },
  throughput_ratio_vs_xterm_alone: { min: 0.8 }
}

const log = (line: string): void => void process.stderr.write(`bench: throughput: ${line}\n`)

/** (a) node-pty alone: spawn `cat file` at 120×40 and read until it exits. */
function rawPtyMs(file: string, lines: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0
    const start = performance.now()
    const pty = nodePty.spawn('/bin/cat', [file], { name: 'xterm-256color', ...RAW_PTY_SIZE, cwd: tmpdir(), env: process.env })
    const timer = setTimeout(() => (pty.kill(), reject(new Error('raw pty cat did not finish'))), RUN_TIMEOUT_MS)
    pty.onData((data) => (received += data.length))
    pty.onExit(({ exitCode }) => {
      const ms = performance.now() - start
      clearTimeout(timer)
      // The PTY sends `\r\n` for each `\n`; node-pty may drop a little at exit.
      const expected = FILE_BYTES + lines
      log(`raw pty: ${received} of ${expected} chars read in ${ms.toFixed(0)} ms (exit ${exitCode})`)
      // Lost output would make the reference look faster than it is.
      if (received < FILE_BYTES) reject(new Error(`raw pty read ${received} chars, fewer than the file's ${FILE_BYTES}`))
      else resolve(ms)
    })
  })
}

/** (b) Tessera: `cat` in the page's first pane, from the bridge write until the page shows the END row. */
async function tesseraMs(browser: BenchBrowser, file: string): Promise<{ ms: number; cols: number; rows: number }> {
  return withCleanup(async (cleanup) => {
    const app = await openApp(browser, cleanup)
    await sleep(500) // let the first fit and its resize reach the host
    const drawnWith = (await renderers(app.page)).join(',')
    // Polled by a timer in the page every 50 ms: cheap next to the flood it waits for.
    const shown = pollInPage(app.page, rowIs(app.firstPaneId, END_ROW), 50, RUN_TIMEOUT_MS)
    shown.catch(() => undefined) // awaited below; a failure before then must not go unhandled
    let start = 0
    const { cols, rows } = await withBridge(app.serve, async (bridge) => {
      const pane = (await bridge.call('pane.list', {})).find((info) => info.id === app.firstPaneId)
      if (!pane) throw new Error('the first pane is not in pane.list')
      start = performance.now()
      // The echoed command line shows `$((40+2))`; only the shell's output is END-42.
      await bridge.call('pane.write', { paneId: app.firstPaneId, data: `cat ${file}; echo END-$((40+2))\r` })
      return pane
    })
    await shown
    const ms = performance.now() - start
    log(`tessera: ${ms.toFixed(0)} ms, pane ${cols}x${rows}, renderer ${drawnWith}`)
    return { ms, cols, rows }
  })
}

/** (c) xterm.js alone in a blank page: the same bytes, as the PTY would deliver them, in 64 KiB writes. */
async function xtermAloneMs(browser: BenchBrowser, cols: number, rows: number): Promise<number> {
  const page = await browser.newPage(VIEWPORT)
  try {
    const css = readFileSync(join(REPO_ROOT, 'node_modules', '@xterm', 'xterm', 'css', 'xterm.css'), 'utf8')
    await page.evaluate(`(() => {
      document.body.style.cssText = 'margin:0;background:#1e1e1e';
      document.body.innerHTML = '<div id="terminal" style="width:100vw;height:100vh"></div>';
      document.head.appendChild(document.createElement('style')).textContent = ${JSON.stringify(css)};
    })()`)
    // Each library runs as a classic script would, defining its global.
    for (const script of XTERM_SCRIPTS) await page.evaluate(`${readFileSync(join(REPO_ROOT, 'node_modules', '@xterm', ...script), 'utf8')}\n;0`)
    // Tessera's terminal options where they bear on speed (font, scrollback, cursor) and the
    // addons every pane loads (see the renderer's TerminalController): unicode11 changes how
    // each printed character is measured, so a reference without it would parse less work.
    const script = `(async () => {
      ${PRINTABLE_LINES_SOURCE}
      const term = new Terminal({
        cols: ${cols}, rows: ${rows}, cursorBlink: true, allowProposedApi: true, scrollback: 10000, fontSize: 13,
        fontFamily: '"JetBrains Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, ui-monospace, monospace'
      });
      term.loadAddon(new SearchAddon.SearchAddon({ highlightLimit: 1000 }));
      term.loadAddon(new WebLinksAddon.WebLinksAddon());
      term.loadAddon(new Unicode11Addon.Unicode11Addon());
      term.unicode.activeVersion = '11';
      term.open(document.getElementById('terminal'));
      const bytes = printableLines(${FILE_BYTES}, ${PRINTABLE_LINES_SEED});
      const decoder = new TextDecoder();
      const chunks = [];
      for (let offset = 0; offset < bytes.length; offset += ${XTERM_CHUNK_BYTES}) {
        chunks.push(decoder.decode(bytes.subarray(offset, offset + ${XTERM_CHUNK_BYTES})).replaceAll('\\n', '\\r\\n'));
      }
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
      const start = performance.now();
      // xterm.js drops writes beyond ~50 MB pending, so keep a bounded number in flight,
      // as its flow-control guide does; refilling on each callback keeps the parser fed.
      await new Promise((resolve) => {
        let next = 0;
        let done = 0;
        const pump = () => {
          while (next < chunks.length && next - done < ${XTERM_IN_FLIGHT}) {
            term.write(chunks[next++], () => (++done === chunks.length ? resolve() : pump()));
          }
        };
        pump();
      });
      const ms = performance.now() - start;
      const renderer = document.querySelector('.xterm-rows') ? 'dom' : 'other';
      term.dispose();
      return { ms, renderer };
    })()`
    const result = await page.evaluate<{ ms: number; renderer: string }>(script)
    log(`xterm alone: ${result.ms.toFixed(0)} ms, ${cols}x${rows}, renderer ${result.renderer}`)
    return result.ms
  } finally {
    await page.close()
  }
}

export async function measure(): Promise<Figures> {
  return withCleanup(async (cleanup) => {
    const scratch = mkdtempSync(join(tmpdir(), 'tessera-bench-'))
    cleanup.add(() => rmSync(scratch, { recursive: true, force: true }))
    const file = join(scratch, 'lines.txt')
    const lines = await writePrintableLines(file, FILE_BYTES)
    if (statSync(file).size !== FILE_BYTES) throw new Error('the generated file has the wrong size')
    const mbPerS = (ms: number): number => toMB(FILE_BYTES) / (ms / 1000)

    const browser = await BenchBrowser.launch()
    cleanup.add(() => browser.close())
    const rounds: Round[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const raw = mbPerS(await rawPtyMs(file, lines))
      const tessera = await tesseraMs(browser, file)
      const alone = mbPerS(await xtermAloneMs(browser, tessera.cols, tessera.rows))
      rounds.push({ raw, tessera: mbPerS(tessera.ms), alone })
      log(`round ${round}: ${mbPerS(tessera.ms).toFixed(1)} MB/s, raw ${raw.toFixed(1)}, xterm alone ${alone.toFixed(1)}`)
    }
    const median = (pick: (round: Round) => number): number => summarize(rounds.map(pick)).median
    const round = (value: number, digits: number): number => Number(value.toFixed(digits))
    return {
      throughput_mb_s: round(median((r) => r.tessera), 1),
      throughput_raw_pty_mb_s: round(median((r) => r.raw), 1),
      throughput_xterm_alone_mb_s: round(median((r) => r.alone), 1),
      // Each ratio pairs figures of one round, so drift in the machine's speed between
      // rounds does not enter it; the median of the rounds damps a single outlier.
      throughput_ratio_vs_raw_pty: round(median((r) => r.tessera / r.raw), 3),
      throughput_ratio_vs_xterm_alone: round(median((r) => r.tessera / r.alone), 3)
    }
  })
}
