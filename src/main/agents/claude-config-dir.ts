import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The config dir a Claude Code started from this environment uses: the user's own. */
export function userClaudeConfigDir(env: Record<string, string | undefined>): string {
  return env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude')
}

/** Files of the user's config dir an isolated pane starts with: their settings and memory. */
const COPIED_FILES = ['settings.json', 'CLAUDE.md']

export interface IsolatedSeed {
  dir: string
  userDir: string
  /** Folders whose trust dialog counts as accepted: the pane's cwd and extra dirs. */
  trustedDirs: readonly string[]
  env: Record<string, string>
}

/**
 * Prepares a per-pane CLAUDE_CONFIG_DIR so the CLI starts straight at its prompt:
 * onboarding done, the API key from the environment approved, the folders trusted.
 * The user's settings.json and CLAUDE.md are copied once; later changes made inside
 * the pane (a `/model`, say) stay in the pane's copy.
 */
export function seedIsolatedConfigDir({ dir, userDir, trustedDirs, env }: IsolatedSeed): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  for (const name of COPIED_FILES) {
    const from = join(userDir, name)
    if (existsSync(from) && !existsSync(join(dir, name))) copyFileSync(from, join(dir, name))
  }
  const paths = new Set(trustedDirs.flatMap((path) => [path, realPath(path)]))
  const seed = {
    ...readJson(join(dir, '.claude.json')),
    hasCompletedOnboarding: true,
    customApiKeyResponses: { approved: env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY.slice(-20)] : [], rejected: [] },
    projects: Object.fromEntries([...paths].map((path) => [path, { hasTrustDialogAccepted: true, allowedTools: [] }]))
  }
  writeFileSync(join(dir, '.claude.json'), JSON.stringify(seed, null, 2), { mode: 0o600 })
}

/** Why an isolated pane cannot log in, or undefined when it has a way to. */
export function missingCredentials(dir: string, env: Record<string, string>): string | undefined {
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN) return undefined
  const settings = readJson(join(dir, 'settings.json'))
  if (typeof settings.apiKeyHelper === 'string' && settings.apiKeyHelper) return undefined
  return (
    'This pane is isolated from your Claude login, so it needs credentials of its own: ' +
    'ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN in its env, or an apiKeyHelper in your settings.json.'
  )
}

/** Whether the CLI has a transcript for `sessionId` under `dir`, i.e. whether it can be resumed. */
export function hasTranscript(dir: string, sessionId: string): boolean {
  const projects = join(dir, 'projects')
  if (!existsSync(projects)) return false
  return readdirSync(projects).some((project) => existsSync(join(projects, project, `${sessionId}.jsonl`)))
}

function realPath(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
