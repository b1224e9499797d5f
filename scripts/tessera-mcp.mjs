#!/usr/bin/env node
// `tessera-mcp` (and `npm run -s mcp`): the MCP stdio bridge to a running Tessera. stdout
// carries only the MCP protocol, so a build's own output goes to stderr.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'out', 'main', 'mcp-bridge.js')

// Built once (npm run build, npm run serve and npm test build it too): the bridge only relays
// MCP messages, so one built from older sources still speaks to a newer host.
if (!existsSync(entry)) {
  process.stderr.write('Building Tessera…\n')
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 2, 'inherit'] })
}
process.argv = [process.argv[0], entry, ...process.argv.slice(2)]
await import(entry)
