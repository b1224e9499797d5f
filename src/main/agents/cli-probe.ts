import { spawn, type ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import type { CliInfo, PaneKind } from '../../shared/bridge'
import { parseClaudeHelp, parseVersion, type ClaudeCapabilities } from './cli-help'

/** What Tessera knows of one installed agent CLI. */
export interface CliProbe {
  info: CliInfo
  /** Claude Code only, and only when its --help could be read. */
  capabilities?: ClaudeCapabilities
}

/** A CLI that does not answer `--version` or `--help` in this long is treated as unknown. */
export const PROBE_TIMEOUT_MS = 5_000
const OUTPUT_LIMIT = 1024 * 1024

const cache = new Map<string, Promise<CliProbe>>()

/**
 * Reads a CLI's version (and Claude Code's capabilities) once per binary: cached by path,
 * modification time and size, so an upgrade in place is read afresh. Never throws and
 * never takes longer than the probe time-outs.
 */
export async function probeCli(kind: PaneKind, path: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<CliProbe> {
  const key = await binaryKey(path)
  if (key === undefined) return { info: { path, problem: 'it cannot be read (missing, or not a file)' } }
  const cacheKey = `${kind}\0${key}`
  let probe = cache.get(cacheKey)
  if (!probe) {
    probe = readCli(kind, path, timeoutMs)
    cache.set(cacheKey, probe)
  }
  return probe
}

async function binaryKey(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path)
    return info.isFile() ? `${path}\0${info.mtimeMs}\0${info.size}` : undefined
  } catch {
    return undefined
  }
}

async function readCli(kind: PaneKind, path: string, timeoutMs: number): Promise<CliProbe> {
  const versionRun = await run(path, ['--version'], timeoutMs)
  if ('problem' in versionRun) return { info: { path, problem: versionRun.problem } }
  const version = parseVersion(versionRun.output)
  if (kind !== 'claude') return { info: version ? { path, version } : { path, problem: '`--version` printed no version number' } }
  const helpRun = await run(path, ['--help'], timeoutMs)
  const capabilities = 'output' in helpRun ? parseClaudeHelp(helpRun.output) : undefined
  const problems = [
    ...(version ? [] : ['`--version` printed no version number']),
    ...('problem' in helpRun ? [helpRun.problem] : capabilities ? [] : ['its `--help` could not be read'])
  ]
  const info: CliInfo = { path, ...(version ? { version } : {}), ...(problems.length ? { problem: problems.join('; ') } : {}) }
  return capabilities ? { info, capabilities } : { info }
}

type RunResult = { output: string } | { problem: string }

/**
 * Runs `path args` in its own process group and answers within `timeoutMs` whatever it
 * does: on time-out the whole group is killed (a wrapper script's children too) and the
 * answer does not wait for pipes a stray child may still hold.
 */
function run(path: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const command = `\`${args.join(' ')}\``
    let output = ''
    let child: ChildProcess
    try {
      child = spawn(path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: probeEnvironment() })
    } catch (error) {
      return resolve({ problem: `${command} failed: ${error instanceof Error ? error.message : String(error)}` })
    }
    const collect = (chunk: Buffer): void => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString()
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const timer = setTimeout(() => {
      killGroup(child)
      resolve({ problem: `${command} did not answer within ${timeoutMs / 1000} s` })
    }, timeoutMs)
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve({ problem: error.code === 'EACCES' ? 'it is not executable' : `${command} failed: ${error.message}` })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code === 0 ? { output } : { problem: `${command} exited with code ${code ?? 'none'}` })
    })
  })
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** A probe needs no account and must not phone home. */
function probeEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', NO_COLOR: '1' }
}

/** For tests: forget every probe. */
export function clearCliProbes(): void {
  cache.clear()
}
