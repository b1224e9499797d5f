import { execFile } from 'node:child_process'
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
export async function probeCli(kind: PaneKind, path: string): Promise<CliProbe> {
  const key = await binaryKey(path)
  if (key === undefined) return { info: { path, problem: 'it cannot be read (missing, or not a file)' } }
  const cacheKey = `${kind}\0${key}`
  let probe = cache.get(cacheKey)
  if (!probe) {
    probe = readCli(kind, path)
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

async function readCli(kind: PaneKind, path: string): Promise<CliProbe> {
  const versionRun = await run(path, ['--version'])
  if ('problem' in versionRun) return { info: { path, problem: versionRun.problem } }
  const version = parseVersion(versionRun.output)
  if (kind !== 'claude') return { info: version ? { path, version } : { path, problem: '`--version` printed no version number' } }
  const helpRun = await run(path, ['--help'])
  const capabilities = 'output' in helpRun ? parseClaudeHelp(helpRun.output) : undefined
  const problems = [
    ...(version ? [] : ['`--version` printed no version number']),
    ...('problem' in helpRun ? [helpRun.problem] : capabilities ? [] : ['its `--help` could not be read'])
  ]
  const info: CliInfo = { path, ...(version ? { version } : {}), ...(problems.length ? { problem: problems.join('; ') } : {}) }
  return capabilities ? { info, capabilities } : { info }
}

type RunResult = { output: string } | { problem: string }

function run(path: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(path, args, { timeout: PROBE_TIMEOUT_MS, maxBuffer: OUTPUT_LIMIT, env: probeEnvironment() }, (error, stdout, stderr) => {
      if (!error) return resolve({ output: `${stdout}\n${stderr}` })
      const code = (error as NodeJS.ErrnoException).code
      if (error.killed) return resolve({ problem: `\`${args.join(' ')}\` did not answer within ${PROBE_TIMEOUT_MS / 1000} s` })
      if (code === 'EACCES') return resolve({ problem: 'it is not executable' })
      resolve({ problem: `\`${args.join(' ')}\` failed: ${error.message.split('\n')[0] ?? ''}` })
    })
  })
}

/** A probe needs no account and must not phone home. */
function probeEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', NO_COLOR: '1' }
}

/** For tests: forget every probe. */
export function clearCliProbes(): void {
  cache.clear()
}
