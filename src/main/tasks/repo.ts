import { existsSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { RepoInfo } from '../../shared/tasks'
import { GitError, GitMissingError, type Git } from './git'

// The repository side of tasks: what a folder is, and worktrees with their branches. Every
// command runs in the repo or the task's own worktree; the user's working tree is only read.

/** A task action that cannot be done as asked; the message is for the user. */
export class TaskGitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TaskGitError'
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** What the create dialog shows of a folder: a repo with its branches, or why it cannot be used. */
export async function repoInfo(git: Git, folder: string): Promise<RepoInfo> {
  const none = (problem: string): RepoInfo => ({ folder, isRepo: false, branches: [], current: null, problem })
  if (!existsSync(folder)) return none(`${folder} does not exist`)
  if (!statSync(folder).isDirectory()) return none(`${folder} is not a folder`)
  let root: string
  try {
    root = (await git.out(['rev-parse', '--show-toplevel'], folder)).trim()
  } catch (error) {
    if (error instanceof GitMissingError) return none(error.message)
    return none(`${folder} is not a git repository`)
  }
  if (root === '') return none(`${folder} is inside a bare repository: choose a folder with a working tree`)
  const branches = (await git.out(['for-each-ref', '--format=%(refname:short)', 'refs/heads'], root)).split('\n').filter(Boolean)
  const current = (await git.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], root, { okExitCodes: [0, 1] })).stdout.trim() || null
  const ordered = current && branches.includes(current) ? [current, ...branches.filter((branch) => branch !== current)] : branches
  const info: RepoInfo = { folder, isRepo: true, root, branches: ordered, current }
  if (branches.length === 0) return { ...info, problem: `${root} has no commits yet: commit something first, so a task has a base to start from` }
  return info
}

/** The repo's top folder; throws TaskGitError saying why the folder cannot hold tasks. */
export async function repoRoot(git: Git, folder: string): Promise<string> {
  const info = await repoInfo(git, folder)
  if (!info.isRepo || !info.root) throw new TaskGitError(info.problem ?? `${folder} is not a git repository`)
  return info.root
}

/** The commit `branch` points at; throws TaskGitError when the branch is not in the repo. */
export async function branchCommit(git: Git, root: string, branch: string): Promise<string> {
  const result = await git.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], root, { okExitCodes: [0, 1] })
  const commit = result.stdout.trim()
  if (result.exitCode !== 0 || commit === '') throw new TaskGitError(`The base branch "${branch}" does not exist in ${root}`)
  return commit
}

export async function branchExists(git: Git, root: string, branch: string): Promise<boolean> {
  return (await git.run(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], root, { okExitCodes: [0, 1] })).exitCode === 0
}

/** Whether `branch` is a name git accepts for a branch. */
export async function validBranchName(git: Git, root: string, branch: string): Promise<boolean> {
  return (await git.run(['check-ref-format', '--branch', branch], root, { okExitCodes: [0, 1, 128] })).exitCode === 0
}

export interface NewWorktree {
  root: string
  path: string
  branch: string
  commit: string
}

/**
 * `git worktree add -b <branch> <path> <commit>`: a new branch at the base commit, checked out
 * in its own folder (the user's working tree, dirty or not, is not touched). Refuses a branch
 * or folder that already exists. When it fails, whatever it made is removed again.
 */
export async function addWorktree(git: Git, worktree: NewWorktree): Promise<void> {
  const { root, path, branch, commit } = worktree
  if (await branchExists(git, root, branch)) {
    throw new TaskGitError(`The branch ${branch} already exists in ${root}: delete or rename it, or rename the task`)
  }
  if (existsSync(path)) throw new TaskGitError(`The worktree folder ${path} already exists: remove it first`)
  try {
    await git.run(['worktree', 'add', '--quiet', '-b', branch, path, commit], root)
  } catch (error) {
    await removeWorktree(git, root, path).catch(() => undefined)
    if (await branchExists(git, root, branch).catch(() => false)) await deleteBranch(git, root, branch).catch(() => undefined)
    throw new TaskGitError(`Could not create the worktree for ${branch}: ${reasonOf(error)}`)
  }
}

/**
 * Removes the task's worktree (its uncommitted changes too) and git's record of it; a folder
 * deleted by hand only needs the record pruned. The branch stays.
 */
export async function removeWorktree(git: Git, root: string, path: string): Promise<void> {
  const target = resolve(path)
  if (existsSync(target)) {
    try {
      await git.run(['worktree', 'remove', '--force', '--force', target], root)
    } catch (error) {
      if (error instanceof GitMissingError) throw error
      // Not (or no longer) a registered worktree: the folder is ours all the same.
      await rm(target, { recursive: true, force: true })
    }
  }
  if (existsSync(root)) await git.run(['worktree', 'prune'], root).catch(() => undefined)
}

/** `git branch -D`: the branch goes even with commits merged nowhere (the user asked). */
export async function deleteBranch(git: Git, root: string, branch: string): Promise<void> {
  try {
    await git.run(['branch', '-D', branch], root)
  } catch (error) {
    if (error instanceof GitError && !(await branchExists(git, root, branch))) return
    throw new TaskGitError(`Could not delete the branch ${branch}: ${reasonOf(error)}`)
  }
}
