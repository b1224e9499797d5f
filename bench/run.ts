import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../tests/support/serve-process.ts'
import * as latency from './figures/latency.ts'
import * as memory from './figures/memory.ts'
import * as startup from './figures/startup.ts'
import * as state from './figures/state.ts'
import * as status from './figures/status.ts'
import * as throughput from './figures/throughput.ts'
import { formatTable, mergeFigures, resultsJson, type FigureModule, type Figures, type Target } from './report.ts'

// `npm run bench`: runs every figure module in order, prints one table and writes
// the same figures to bench/results/latest.json. A new figure is a module in
// bench/figures/ exporting `measure()` (and optionally `targets`), listed here.

const MODULES: ReadonlyArray<[name: string, module: FigureModule]> = [
  ['startup', startup],
  ['throughput', throughput],
  ['latency', latency],
  ['memory', memory],
  ['status', status],
  ['state', state]
]

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')

async function runAll(): Promise<{ figures: Figures; targets: Record<string, Target> }> {
  const figures: Figures = {}
  const targets: Record<string, Target> = {}
  for (const [name, module] of MODULES) {
    process.stderr.write(`bench: ${name}…\n`)
    const started = Date.now()
    mergeFigures(figures, await module.measure(), name)
    Object.assign(targets, module.targets)
    process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  }
  return { figures, targets }
}

async function main(): Promise<void> {
  // The figures measure the built app; measuring stale or missing output would mislead.
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'serve.js'))) throw new Error('out/ is missing: run `npm run build` first')
  process.stdout.write(`Node ${process.version}, ${process.platform}-${process.arch}, ${availableParallelism()} cores\n`)
  const { figures, targets } = await runAll()
  process.stdout.write(`${formatTable(figures, targets)}\n`)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = join(RESULTS_DIR, 'latest.json')
  writeFileSync(file, resultsJson(figures))
  process.stdout.write(`\nwritten to ${file}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
