import type { Logger } from '../log'
import { removeEndpoint, writeEndpoint } from './endpoint'
import { startMcpHttp, type McpHttpServer } from './http-server'
import type { McpHost } from './mcp-host'
import { createSessionServer } from './mcp-session'
import { PaneTools } from './pane-tools'
import { PaneWatch } from './pane-watch'

/** The port tried first, so `claude mcp add --transport http` instructions keep working across restarts. */
export const DEFAULT_MCP_PORT = 7341

export interface McpStartOptions {
  host: McpHost
  dataDir: string
  /** The bearer token every request must carry (loadOrCreateSecret(dataDir, MCP_TOKEN_FILE)). */
  token: string
  version: string
  log: Logger
  /** A port from the command line: wins over the setting and the default. */
  port?: number
}

export interface RunningMcpServer {
  url: string
  close(): Promise<void>
}

/**
 * Starts the MCP server unless the settings turn it off (mcp.enabled): on the port asked for,
 * else mcp.port, else DEFAULT_MCP_PORT; a port in use (another host on another data dir, say)
 * falls back to a free one. Either way `<data dir>/mcp.json` says where it listens. Never
 * throws: a server that cannot start is logged, and the host runs without it.
 */
export async function startMcpServer(options: McpStartOptions): Promise<RunningMcpServer | undefined> {
  const { host, log } = options
  const settings = host.settings.read().mcp
  if (!settings.enabled) {
    log.info('MCP server off (setting mcp.enabled)')
    return undefined
  }
  const tools = new PaneTools(host)
  const watch = new PaneWatch(host)
  const listen = (port: number): ReturnType<typeof startMcpHttp> =>
    startMcpHttp({ port, token: options.token, createSession: (context) => createSessionServer(host, tools, watch, options.version, context), log })
  const preferred = options.port ?? settings.port ?? DEFAULT_MCP_PORT
  let http: McpHttpServer
  try {
    http = await listen(preferred).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' || preferred === 0) throw error
      log.warn('MCP port in use: listening on a free one (mcp.json has it)', { port: preferred })
      return listen(0)
    })
    writeEndpoint(options.dataDir, { url: http.url, token: options.token, pid: process.pid })
  } catch (error) {
    // The app works without it: say why and go on.
    log.error('MCP server could not start', { reason: error instanceof Error ? error.message : String(error) })
    watch.dispose()
    return undefined
  }
  log.info('MCP server listening', { url: http.url })
  return {
    url: http.url,
    close: async () => {
      removeEndpoint(options.dataDir)
      watch.dispose()
      await http.close()
    }
  }
}
