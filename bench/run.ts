import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../tests/support/serve-process.ts'
import * as costs from './figures/costs.ts'
import * as costHeader from './figures/cost-header.ts'
import * as latency from './figures/latency.ts'
import * as mcp from './figures/mcp.ts'
import * as memory from './figures/memory.ts'
import * as restore from './figures/restore.ts'
import * as startup from './figures/startup.ts'
import * as state from './figures/state.ts'
import * as status from './figures/status.ts'
import * as tasks from './figures/tasks.ts'
import * as throughput from './figures/throughput.ts'
import { formatTable, mergeFigures, resultsJson, type FigureModule, type Figures, type Target } from './report.ts'

// `npm run bench`: runs every figure module in order, prints one table and writes
// the same figures to bench/results/latest.json. A new figure is a module in
// bench/figures/ exporting `measure()` (and optionally `targets`), listed here.
// `npm run bench -- <name>…` runs only those modules and replaces only their figures
// in latest.json.

const MODULES: ReadonlyArray<[name: string, module: FigureModule]> = [
  ['startup', startup],
  ['throughput', throughput],
  ['latency', latency],
  ['memory', memory],
  ['status', status],
  ['state', state],
  ['restore', restore],
  ['costs', costs],
  ['cost-header', costHeader],
  ['tasks', tasks],
  ['mcp', mcp]
]

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')

/** The modules named on the command line, or all of them. */
function chosenModules(names: readonly string[]): ReadonlyArray<[string, FigureModule]> {
  const unknown = names.filter((name) => !MODULES.some(([known]) => known === name))
  if (unknown.length > 0) throw new Error(`no figure module ${unknown.join(', ')}; there are ${MODULES.map(([name]) => name).join(', ')}`)
  return names.length === 0 ? MODULES : MODULES.filter(([name]) => names.includes(name))
}

async function runAll(modules: ReadonlyArray<[string, FigureModule]>): Promise<{ figures: Figures; targets: Record<string, Target> }> {
  const figures: Figures = {}
  const targets: Record<string, Target> = {}
  for (const [name, module] of modules) {
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
  const names = process.argv.slice(2)
  const { figures, targets } = await runAll(chosenModules(names))
  process.stdout.write(`${formatTable(figures, targets)}\n`)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = join(RESULTS_DIR, 'latest.json')
  // Some modules only: the other figures stay as the last run left them.
  const kept: Figures = names.length > 0 && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Figures) : {}
  writeFileSync(file, resultsJson({ ...kept, ...figures }))
  process.stdout.write(`\nwritten to ${file}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
