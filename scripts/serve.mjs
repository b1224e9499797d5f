// `npm run serve`: build when the output is missing or older than the sources,
// then start browser mode with the given arguments, in this process.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'out', 'main', 'serve.js')
const outputs = [entry, join(root, 'out', 'renderer', 'index.html')]

function newestMtime(dir) {
  let newest = 0
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name)
    newest = Math.max(newest, name.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const stale =
  outputs.some((file) => !existsSync(file)) ||
  newestMtime(join(root, 'src')) > Math.min(...outputs.map((file) => statSync(file).mtimeMs))
if (stale) {
  process.stderr.write('Building Tessera…\n')
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit']
  })
}
process.argv = [process.argv[0], entry, ...process.argv.slice(2)]
await import(entry)
watchLauncher()

// npm passes SIGINT and SIGTERM only to its direct child, and `sh -c` (dash) dies of them
// without passing them on, so the host could be left running, adopted by init. package.json
// runs this with `exec` so npm's signal reaches the host itself; and should whoever started it
// die without a word (SIGKILL, a shell that skips the exec), the host stops as on a hang-up.
// Signal 0 probes the pid (a second is how late that can be); EPERM means it is alive.
function watchLauncher() {
  const launcher = process.ppid
  if (launcher <= 1) return
  const timer = setInterval(() => {
    try {
      process.kill(launcher, 0)
    } catch (error) {
      if (error.code !== 'ESRCH') return
      clearInterval(timer)
      process.kill(process.pid, 'SIGHUP')
    }
  }, 1_000)
  timer.unref()
}
