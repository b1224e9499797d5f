import { parseArgs } from 'node:util'
import { dataDirFrom } from './host/paths'
import { runStdioBridge } from './mcp/stdio-bridge'

// `tessera-mcp` / `npm run -s mcp`: the MCP stdio bridge. Plain Node, no Electron; it loads
// only the bridge (not the host), so MCP clients that start it per session get it quickly.

const USAGE = 'Usage: tessera-mcp [--data-dir <dir>]   (the data dir of the running Tessera; default: $TESSERA_DATA_DIR, else the app-data folder)'

const { values } = parseArgs({ args: process.argv.slice(2), options: { 'data-dir': { type: 'string' }, help: { type: 'boolean' } } })
if (values.help) {
  process.stderr.write(`${USAGE}\n`)
  process.exit(0)
}

runStdioBridge({ dataDir: dataDirFrom(values['data-dir']), log: (line) => process.stderr.write(`${line}\n`) }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`tessera-mcp: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
