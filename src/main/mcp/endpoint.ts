import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

// `<data dir>/mcp.json`: where the running host's MCP server listens and its token, owner-only,
// so the stdio bridge (and a user setting up a client) finds it. One host per data dir holds
// the state lock, so one file per data dir is enough.

export const ENDPOINT_FILE = 'mcp.json'
/** The MCP server's own bearer token, beside the browser-mode secret in the data dir. */
export const MCP_TOKEN_FILE = 'mcp-token'

export const McpEndpoint = z.object({ url: z.string().url(), token: z.string().min(1), pid: z.number().int().positive() })
export type McpEndpoint = z.output<typeof McpEndpoint>

/** Written whole (a temp file renamed over it), readable by the owner only. */
export function writeEndpoint(dataDir: string, endpoint: McpEndpoint): void {
  const file = join(dataDir, ENDPOINT_FILE)
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(endpoint, null, 2)}\n`, { mode: 0o600 })
  renameSync(temp, file)
}

/** Removes the file if it still names this process (a host started since keeps its own). */
export function removeEndpoint(dataDir: string, pid: number = process.pid): void {
  const file = join(dataDir, ENDPOINT_FILE)
  try {
    if (McpEndpoint.parse(JSON.parse(readFileSync(file, 'utf8'))).pid === pid) unlinkSync(file)
  } catch {
    // Gone or not ours to remove.
  }
}

/** The running host's endpoint, or an error that says what to do. */
export function readEndpoint(dataDir: string): McpEndpoint {
  const file = join(dataDir, ENDPOINT_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new Error(`Tessera's MCP server is not running for the data dir ${dataDir} (no ${ENDPOINT_FILE}). Start Tessera (npm run serve, or the desktop app) with that data dir, and the MCP server on.`)
  }
  const parsed = McpEndpoint.safeParse(safeJson(text))
  if (!parsed.success) throw new Error(`${file} is not a Tessera MCP endpoint file; restart Tessera to write it again.`)
  if (!isAlive(parsed.data.pid)) throw new Error(`Tessera's MCP server is not running for the data dir ${dataDir}: the host that wrote ${ENDPOINT_FILE} (pid ${parsed.data.pid}) is gone.`)
  return parsed.data
}

/** The endpoint when the host's MCP server runs, else undefined (an orchestrator pane then starts without it). */
export function runningEndpoint(dataDir: string): McpEndpoint | undefined {
  try {
    return readEndpoint(dataDir)
  } catch {
    return undefined
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Signal 0 probes a pid; EPERM means it lives under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
