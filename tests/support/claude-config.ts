import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Claude Code's offline setup (a pre-seeded config dir and the env), apart from the
// PTY harness so the bench can load it without a headless terminal.

/** Looks like a real key; the CLI approves custom keys by their last 20 characters. */
export const FAKE_API_KEY = 'sk-ant-api03-tessera-fake-key-0123456789abcdefABCDEF'

export async function makeTempDir(prefix = 'tessera-claude-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export interface ClaudeConfigDirOptions {
  /** Defaults to a fresh temp dir. */
  dir?: string
  apiKey: string
  /** Directories (or parents of them) whose trust dialog counts as accepted. */
  trustedDirs: string[]
  /** Written as <dir>/settings.json (user settings) when given. */
  settings?: Record<string, unknown>
}

/** Writes the minimal `.claude.json` that skips onboarding, key approval and trust. Returns the dir. */
export async function prepareClaudeConfigDir(options: ClaudeConfigDirOptions): Promise<string> {
  const dir = options.dir ?? (await makeTempDir('tessera-claude-config-'))
  await mkdir(dir, { recursive: true })
  // The CLI looks up its real cwd, so trust resolved paths too (e.g. macOS /var → /private/var).
  const paths = new Set([...options.trustedDirs, ...(await Promise.all(options.trustedDirs.map(resolvedPath)))])
  const projects = Object.fromEntries([...paths].map((path) => [path, { hasTrustDialogAccepted: true, allowedTools: [] }]))
  const seed = {
    hasCompletedOnboarding: true,
    customApiKeyResponses: { approved: [options.apiKey.slice(-20)], rejected: [] },
    projects
  }
  await writeFile(join(dir, '.claude.json'), JSON.stringify(seed, null, 2))
  if (options.settings) await writeFile(join(dir, 'settings.json'), JSON.stringify(options.settings, null, 2))
  return dir
}

async function resolvedPath(path: string): Promise<string> {
  return realpath(path).catch(() => path)
}

/**
 * The runner's env minus anything that would leak a real account, make the CLI
 * think it is nested in another Claude Code session, move serve's start folder, or
 * say it runs under CI (users' agents do not), plus the offline setup.
 */
export function claudeEnv(apiBaseUrl: string, apiKey: string, configDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    // INIT_CWD: npm's, from the npm running the tests; a serve given it would start in the repo.
    // CI: set by the CI runner; Claude Code 2.1.33x draws differently under it (no dim placeholder).
    if (value === undefined || /^(ANTHROPIC_|CLAUDE_|CLAUDECODE$|INIT_CWD$|CI$)/.test(name)) continue
    env[name] = value
  }
  return {
    ...env,
    ANTHROPIC_BASE_URL: apiBaseUrl,
    ANTHROPIC_API_KEY: apiKey,
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CONFIG_DIR: configDir,
    TERM: 'xterm-256color',
    ...extra
  }
}

