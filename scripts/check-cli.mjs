#!/usr/bin/env node
// Runs the real-CLI integration tests against one Claude Code version from npm:
//   npm run check-cli -- <version|latest>
// The version is installed once into a cache folder, never into the project.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE = '@anthropic-ai/claude-code'
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TEST_DIR = join('tests', 'integration')

class CheckError extends Error {}

main().catch((error) => {
  console.error(`check-cli: ${error instanceof CheckError ? error.message : error.stack}`)
  process.exitCode = 1
})

async function main() {
  const wanted = parseArgs(process.argv.slice(2))
  const version = resolveVersion(wanted)
  const dir = join(cacheRoot(), version)
  if (!findBinary(dir)) install(version, dir)
  const bin = findBinary(dir)
  if (!bin) throw new CheckError(`no claude binary under ${dir} after installing; remove that folder and try again`)
  confirmVersion(bin, version)
  const files = realCliTestFiles()
  console.log(`check-cli: Claude Code ${version} (${bin}) — running ${files.join(', ')}`)
  process.exitCode = await runVitest(files, { bin, version, pathDir: claudeLinkDir(dir, bin) })
}

function parseArgs(args) {
  const [wanted, ...rest] = args
  if (!wanted || rest.length > 0 || wanted.startsWith('-')) {
    throw new CheckError('usage: npm run check-cli -- <version|latest>   (e.g. 2.1.332)')
  }
  return wanted
}

/** An exact version for `wanted` (a version or a dist-tag such as latest), as npm's registry knows it. */
function resolveVersion(wanted) {
  let printed
  try {
    // npm's own error (E404 "No match found for version …") goes straight to stderr.
    printed = execFileSync('npm', ['view', `${PACKAGE}@${wanted}`, 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  } catch {
    throw new CheckError(`"${wanted}" is not a published version or tag of ${PACKAGE} (npm's error above)`)
  }
  const found = printed.trim() === '' ? [] : [JSON.parse(printed)].flat()
  if (found.length === 0) throw new CheckError(`npm knows no version of ${PACKAGE} matching "${wanted}"`)
  if (found.length > 1) throw new CheckError(`"${wanted}" matches ${found.length} versions (${found[0]} … ${found.at(-1)}): give one version or a tag`)
  return found[0]
}

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(base, 'tessera', 'claude-code')
}

function findBinary(dir) {
  const candidates = [join(dir, 'node_modules', ...PACKAGE.split('/'), 'bin', 'claude.exe'), join(dir, 'node_modules', '.bin', 'claude')]
  return candidates.find((file) => existsSync(file))
}

/** Installs into a scratch folder renamed into place, so an interrupted install never looks complete. */
function install(version, dir) {
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { recursive: true })
  console.log(`check-cli: installing ${PACKAGE}@${version} into ${dir}`)
  try {
    execFileSync('npm', ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', `${PACKAGE}@${version}`], { stdio: 'inherit' })
  } catch {
    rmSync(partial, { recursive: true, force: true })
    throw new CheckError(`npm could not install ${PACKAGE}@${version} (its error above)`)
  }
  rmSync(dir, { recursive: true, force: true })
  renameSync(partial, dir)
}

function confirmVersion(bin, version) {
  let printed
  try {
    printed = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim()
  } catch (error) {
    throw new CheckError(`${bin} --version failed (${error.message}); remove ${dirname(dirname(bin))} and try again`)
  }
  if (printed.split(/\s+/)[0] !== version) throw new CheckError(`${bin} --version printed "${printed}", expected ${version}`)
}

/**
 * A folder holding just a `claude` link to `bin`, for the front of PATH. Not npm's
 * node_modules/.bin: Tessera drops such entries from the PATH npm run builds.
 */
function claudeLinkDir(dir, bin) {
  const linkDir = join(dir, 'path')
  rmSync(linkDir, { recursive: true, force: true })
  mkdirSync(linkDir)
  symlinkSync(bin, join(linkDir, 'claude'))
  return linkDir
}

/** Every test file that drives the real CLI: tests/integration/*-cli.test.ts. */
function realCliTestFiles() {
  return readdirSync(join(REPO_ROOT, TEST_DIR))
    .filter((name) => name.endsWith('-cli.test.ts'))
    .sort()
    .map((name) => join(TEST_DIR, name))
}

function runVitest(files, { bin, version, pathDir }) {
  const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs')
  const env = {
    ...process.env,
    TESSERA_CHECK_CLI_BIN: bin,
    TESSERA_CHECK_CLI_VERSION: version,
    // Also first on PATH, for a test that lets the host find `claude` itself; vitest is
    // run directly because `npx` would put the project's node_modules/.bin back in front.
    PATH: [pathDir, process.env.PATH].filter(Boolean).join(delimiter)
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration', ...files], { cwd: REPO_ROOT, env, stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
