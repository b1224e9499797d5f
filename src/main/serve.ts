import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createHost, defaultDataDir, launchFolder, loadOrCreateSecret } from './host'
import { createLogger } from './log'
import { StateDirError, StateLockError } from './persistence'
import { DEFAULT_WINDOW_SIZE, isWindowSizePolicy, WINDOW_SIZE_POLICIES, type WindowSizePolicy } from './pty'
import { startBrowserServer } from './transport'

// Browser mode: the host-neutral services in plain Node, the renderer in any
// browser on this machine. This entry must never import electron.

const USAGE = 'Usage: npm run serve -- [--port <n>] [--data-dir <dir>] [--cwd <dir>] [--window-size smallest|largest|latest] [--fresh]'

interface ServeOptions {
  port: number
  dataDir: string
  workspace: string
  windowSize: WindowSizePolicy
  /** Start with an empty grid; the saved panes are kept aside. */
  fresh: boolean
}

function parseOptions(argv: string[]): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' }, cwd: { type: 'string' }, 'window-size': { type: 'string', default: DEFAULT_WINDOW_SIZE }, fresh: { type: 'boolean', default: false }, help: { type: 'boolean' } }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`)
  const dataDir = resolve(values['data-dir'] ?? process.env.TESSERA_DATA_DIR ?? defaultDataDir())
  const windowSize = values['window-size']
  if (!isWindowSizePolicy(windowSize)) throw new Error(`--window-size must be one of ${WINDOW_SIZE_POLICIES.join(', ')}, got "${windowSize}"`)
  return { port, dataDir, workspace: launchFolder(values.cwd, process.env), windowSize, fresh: values.fresh }
}

function appVersion(appRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

export async function main(argv: string[]): Promise<void> {
  const log = createLogger('tessera')
  const { port, dataDir, workspace, windowSize, fresh } = parseOptions(argv)
  // Built layout: out/main/serve.js beside out/renderer/.
  const appRoot = resolve(__dirname, '..', '..')
  const host = createHost({ kind: 'browser', version: appVersion(appRoot), defaultCwd: workspace, dataDir, log, panes: { windowSize }, fresh })
  const server = await startBrowserServer({
    host,
    secret: loadOrCreateSecret(dataDir),
    rendererDir: join(appRoot, 'out', 'renderer'),
    port,
    log: log.child('ws')
  })
  process.stdout.write(`Tessera is serving at ${server.url}\n`)

  let stopping = false
  const shutdown = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    void Promise.all([host.dispose(), server.close()]).then(() => process.exit(0))
  }
  // SIGHUP too: a closed terminal, or the launcher gone (scripts/serve.mjs), ends every pane rather than orphaning it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal))
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // The usage line helps with a bad option, not with a data dir in use or unwritable.
  const usage = err instanceof StateLockError || err instanceof StateDirError ? '' : `${USAGE}\n`
  process.stderr.write(`Tessera could not start: ${err instanceof Error ? err.message : String(err)}\n${usage}`)
  process.exit(1)
})
