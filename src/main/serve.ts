import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createHost, dataDirFrom, launchFolder, loadOrCreateSecret } from './host'
import { createLogger } from './log'
import { MCP_TOKEN_FILE, startMcpServer } from './mcp'
import { StateDirError, StateLockError } from './persistence'
import { DEFAULT_WINDOW_SIZE, isWindowSizePolicy, WINDOW_SIZE_POLICIES, type WindowSizePolicy } from './pty'
import { startBrowserServer } from './transport'

// Browser mode: the host-neutral services in plain Node, the renderer in any
// browser on this machine. This entry must never import electron.

const USAGE = 'Usage: npm run serve -- [--port <n>] [--data-dir <dir>] [--cwd <dir>] [--window-size smallest|largest|latest] [--fresh] [--mcp-port <n>] [--no-mcp]'

interface ServeOptions {
  port: number
  dataDir: string
  workspace: string
  windowSize: WindowSizePolicy
  /** Start with an empty grid; the saved panes are kept aside. */
  fresh: boolean
  /** The MCP server: false turns it off for this run; a port wins over the setting. */
  mcp: false | { port?: number }
}

function parseOptions(argv: string[]): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' }, cwd: { type: 'string' }, 'window-size': { type: 'string', default: DEFAULT_WINDOW_SIZE }, fresh: { type: 'boolean', default: false }, 'mcp-port': { type: 'string' }, 'no-mcp': { type: 'boolean', default: false }, help: { type: 'boolean' } }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const port = portOption('--port', values.port)
  const dataDir = dataDirFrom(values['data-dir'])
  const mcpPort = values['mcp-port'] === undefined ? undefined : portOption('--mcp-port', values['mcp-port'])
  const windowSize = values['window-size']
  if (!isWindowSizePolicy(windowSize)) throw new Error(`--window-size must be one of ${WINDOW_SIZE_POLICIES.join(', ')}, got "${windowSize}"`)
  return { port, dataDir, workspace: launchFolder(values.cwd, process.env), windowSize, fresh: values.fresh, mcp: !values['no-mcp'] && (mcpPort === undefined ? {} : { port: mcpPort }) }
}

function portOption(name: string, value: string | undefined): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be 0-65535, got "${value}"`)
  return port
}

function appVersion(appRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

export async function main(argv: string[]): Promise<void> {
  const log = createLogger('tessera')
  const { port, dataDir, workspace, windowSize, fresh, mcp: mcpOptions } = parseOptions(argv)
  // Built layout: out/main/serve.js beside out/renderer/.
  const appRoot = resolve(__dirname, '..', '..')
  let mcpSettled = (): void => undefined
  const mcpStarting = new Promise<void>((resolve) => (mcpSettled = resolve))
  const host = createHost({ kind: 'browser', version: appVersion(appRoot), defaultCwd: workspace, dataDir, log, panes: { windowSize }, fresh, startRestoredAfter: mcpStarting })
  const server = await startBrowserServer({
    host,
    secret: loadOrCreateSecret(dataDir),
    rendererDir: join(appRoot, 'out', 'renderer'),
    port,
    log: log.child('ws')
  })
  process.stdout.write(`Tessera is serving at ${server.url}\n`)
  const mcp = mcpOptions ? await startMcpServer({ host, dataDir, token: loadOrCreateSecret(dataDir, MCP_TOKEN_FILE), version: appVersion(appRoot), log: log.child('mcp'), ...mcpOptions }) : undefined
  mcpSettled()
  if (mcp) process.stdout.write(`MCP server at ${mcp.url} (token and URL in ${join(dataDir, 'mcp.json')})\n`)

  let stopping = false
  const shutdown = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    void Promise.all([host.dispose(), server.close(), mcp?.close()]).then(() => process.exit(0))
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
