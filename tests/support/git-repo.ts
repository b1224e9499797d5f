import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

// Real git repositories in temp folders for tests: commits made with a fixed identity, so the
// machine's git config (or its absence) does not matter.

const IDENTITY = { GIT_AUTHOR_NAME: 'Tessera Test', GIT_AUTHOR_EMAIL: 'test@tessera.invalid', GIT_COMMITTER_NAME: 'Tessera Test', GIT_COMMITTER_EMAIL: 'test@tessera.invalid' }

/** Runs git in `cwd` and returns its stdout (trimmed); throws with git's stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY, GIT_CONFIG_NOSYSTEM: '1' }, stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** Writes files (creating folders) under `root`. */
export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

/** A repo in `dir` on branch `main` with one commit of `files`; returns the commit. */
export function makeRepo(dir: string, files: Readonly<Record<string, string>> = { 'README.md': '# project\n' }): string {
  mkdirSync(dir, { recursive: true })
  git(dir, 'init', '--quiet', '--initial-branch=main')
  writeFiles(dir, files)
  git(dir, 'add', '--all')
  git(dir, 'commit', '--quiet', '-m', 'initial')
  return git(dir, 'rev-parse', 'HEAD')
}

/** Commits everything in the working tree; returns the commit. */
export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '--all')
  git(dir, 'commit', '--quiet', '-m', message)
  return git(dir, 'rev-parse', 'HEAD')
}

/** Local branch names. */
export function branches(dir: string): string[] {
  return git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').filter(Boolean).sort()
}

/** The folders git lists as worktrees of the repo (the main one first). */
export function worktrees(dir: string): string[] {
  return git(dir, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
}
