import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'

/** git could not be run at all: not installed, or not on the PATH panes start with. */
export class GitMissingError extends Error {
  constructor() {
    super('git was not found on the PATH: install git (or add it to PATH) to run tasks')
    this.name = 'GitMissingError'
  }
}

/** A git command that failed; the message is git's own first lines. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | undefined,
    readonly stderr: string
  ) {
    super(message)
    this.name = 'GitError'
  }
}

export interface GitResult {
  stdout: string
  stderr: string
  exitCode: number
}

export interface GitRunOptions {
  /** Exit codes that are answers, not failures (`git diff --no-index` exits 1 when files differ). */
  okExitCodes?: readonly number[]
  /** Bytes of output kept; more fails the command (callers that can take less cut their own). */
  maxBuffer?: number
}

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024

/**
 * Runs the real `git` without a shell (arguments go as they are, never through a command
 * line), in the environment panes start from, never prompting for credentials. Output is
 * read as UTF-8; paths come back unquoted (core.quotepath off).
 */
export class Git {
  private readonly env: NodeJS.ProcessEnv

  constructor(env: NodeJS.ProcessEnv) {
    this.env = { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' }
  }

  run(args: readonly string[], cwd: string, options: GitRunOptions = {}): Promise<GitResult> {
    const ok = options.okExitCodes ?? [0]
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['-c', 'core.quotepath=off', ...args],
        { cwd, env: this.env, maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER, encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          const code = error ? (error as NodeJS.ErrnoException & { code?: unknown }).code : 0
          // Node says ENOENT for a missing cwd as for a missing git.
          if (code === 'ENOENT' && !existsSync(cwd)) return reject(new GitError(`The folder ${cwd} does not exist`, undefined, ''))
          if (code === 'ENOENT') return reject(new GitMissingError())
          const exitCode = typeof code === 'number' ? code : error ? undefined : 0
          if (exitCode !== undefined && ok.includes(exitCode)) return resolve({ stdout, stderr, exitCode })
          const said = stderr.trim().split('\n').slice(0, 4).join(' ').trim()
          reject(new GitError(said || (error?.message ?? `git ${args[0] ?? ''} failed`), exitCode, stderr))
        }
      )
    })
  }

  /** stdout of a command that must succeed. */
  async out(args: readonly string[], cwd: string, options?: GitRunOptions): Promise<string> {
    return (await this.run(args, cwd, options)).stdout
  }

  /** Whether a command exits 0 (any other exit is "no"; git missing still throws). */
  async succeeds(args: readonly string[], cwd: string): Promise<boolean> {
    try {
      await this.run(args, cwd)
      return true
    } catch (error) {
      if (error instanceof GitError) return false
      throw error
    }
  }
}
