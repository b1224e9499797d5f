import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Claude Code CLIs the real-CLI tests run against. By default the oldest
 * supported and the newest verified, installed side by side (the newest as an npm
 * alias). `npm run check-cli` sets TESSERA_CHECK_CLI_BIN to try one other build.
 * Never node_modules/.bin/claude: npm links either install there.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export type ModelAlias = 'opus' | 'sonnet' | 'haiku'

export interface ClaudeCli {
  /** For test names, e.g. "2.1.197 (oldest supported)". */
  label: string
  /** What `--version` says, e.g. "2.1.197". */
  version: string
  /** The executable to run. */
  bin: string
  /** The model id each alias sends, as seen against the fake API; undefined for a CLI nobody has checked. */
  aliasModels?: Readonly<Record<ModelAlias, string>>
}

interface InstalledCli {
  /** The folder under node_modules (an npm alias for the newest). */
  packageDir: string
  version: string
  role: string
  aliasModels: Record<ModelAlias, string>
}

const INSTALLED: readonly InstalledCli[] = [
  {
    packageDir: join('@anthropic-ai', 'claude-code'),
    version: '2.1.197',
    role: 'oldest supported',
    aliasModels: { opus: 'claude-opus-4-8', sonnet: 'claude-sonnet-5', haiku: 'claude-haiku-4-5-20251001' }
  },
  {
    packageDir: 'claude-code-latest',
    version: '2.1.332',
    role: 'newest verified',
    aliasModels: { opus: 'claude-opus-5-5', sonnet: 'claude-sonnet-5-5', haiku: 'claude-haiku-5-5' }
  }
]

export const CLAUDE_CLIS: readonly ClaudeCli[] = cliUnderCheck() ?? INSTALLED.map(installedCli)

/** The CLI a caller gets when it does not choose one. */
export const DEFAULT_CLAUDE_CLI: ClaudeCli = CLAUDE_CLIS[0] as ClaudeCli

function installedCli(cli: InstalledCli): ClaudeCli {
  const packageRoot = join(REPO_ROOT, 'node_modules', cli.packageDir)
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
  // The alias ids below were observed on exactly this version; another one may send others.
  if (version !== cli.version) {
    throw new Error(`node_modules/${cli.packageDir} holds Claude Code ${version}, but the tests were verified with ${cli.version}: run npm ci, or re-check the alias ids in tests/support/claude-versions.ts`)
  }
  return { label: `${cli.version} (${cli.role})`, version: cli.version, bin: join(packageRoot, 'bin', 'claude.exe'), aliasModels: cli.aliasModels }
}

/** The one CLI `npm run check-cli` asks for, if any. */
function cliUnderCheck(): ClaudeCli[] | undefined {
  const bin = process.env.TESSERA_CHECK_CLI_BIN
  if (!bin) return undefined
  const version = process.env.TESSERA_CHECK_CLI_VERSION || versionOf(bin)
  return [{ label: `${version} (under check)`, version, bin }]
}

/** "2.1.332 (Claude Code)" → "2.1.332". */
export function versionOf(bin: string): string {
  const printed = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim()
  return printed.split(/\s+/)[0] ?? printed
}

/**
 * The model id `alias` makes this CLI send: exact when observed, else the family's
 * prefix, so a test on an unchecked CLI still fails on a wrong family.
 */
export function aliasModel(cli: ClaudeCli, alias: ModelAlias): string | RegExp {
  return cli.aliasModels?.[alias] ?? new RegExp(`^claude-${alias}-`)
}

export interface ClaudeOnPath {
  /** `env` with a folder holding only a `claude` link to the chosen CLI first on PATH. */
  env: Record<string, string>
  /** Removes that folder. */
  dispose(): Promise<void>
}

/**
 * Makes a host run the chosen CLI: Tessera resolves `claude` on the PATH of the env
 * it is given before its own node_modules/.bin.
 */
export async function claudeFirstOnPath(cli: ClaudeCli, env: Record<string, string>): Promise<ClaudeOnPath> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-claude-bin-'))
  await symlink(cli.bin, join(dir, 'claude'))
  const path = env.PATH ? `${dir}${delimiter}${env.PATH}` : dir
  return { env: { ...env, PATH: path }, dispose: () => rm(dir, { recursive: true, force: true }) }
}
