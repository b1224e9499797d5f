import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChangedFile, TaskChanges } from '../../shared/tasks'
import type { Git } from './git'

// What a task changed in its worktree against its base commit: committed, staged and unstaged
// changes of tracked files (`git diff <base>` compares the working tree with the base), plus
// untracked files (not ignored). Read-only: nothing is staged or written.

/** The diff text carried at most (the file list is complete either way). */
export const MAX_DIFF_CHARS = 2_000_000
/** An untracked file larger than this is listed without line counts or diff text. */
const MAX_UNTRACKED_BYTES = 1_000_000

const STATUS: Readonly<Record<string, ChangedFile['status']>> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'typechange' }

export async function taskChanges(git: Git, worktree: string, base: string): Promise<TaskChanges> {
  const files = await changedFiles(git, worktree, base)
  let diff = await git.out(['diff', '--no-color', '--no-ext-diff', '-M', base, '--'], worktree)
  for (const file of files) {
    if (diff.length >= MAX_DIFF_CHARS) break
    if (file.status === 'untracked' && file.additions !== null) diff += await untrackedDiff(git, worktree, file.path)
  }
  const truncated = diff.length > MAX_DIFF_CHARS
  return { base, files, diff: truncated ? cutAtLine(diff, MAX_DIFF_CHARS) : diff, truncated }
}

/** The changed files alone (the board's count), cheaper than the diff. */
export async function changedFiles(git: Git, worktree: string, base: string): Promise<ChangedFile[]> {
  const [statuses, counts, untracked] = await Promise.all([
    git.out(['diff', '--name-status', '-z', '-M', base, '--'], worktree),
    git.out(['diff', '--numstat', '-z', '-M', base, '--'], worktree),
    git.out(['ls-files', '--others', '--exclude-standard', '-z'], worktree)
  ])
  const lines = numstat(counts)
  const tracked = nameStatus(statuses).map((file): ChangedFile => {
    const count = lines.get(file.path)
    return { ...file, additions: count?.additions ?? null, deletions: count?.deletions ?? null }
  })
  const fresh = await Promise.all(
    untracked
      .split('\0')
      .filter(Boolean)
      .map(async (path): Promise<ChangedFile> => {
        const added = await lineCount(join(worktree, path))
        return { path, status: 'untracked', additions: added, deletions: added === null ? null : 0 }
      })
  )
  return [...tracked, ...fresh].sort((a, b) => a.path.localeCompare(b.path))
}

/** `--name-status -z`: "M\0path\0", or "R100\0old\0new\0" for renames and copies. */
function nameStatus(output: string): Array<Omit<ChangedFile, 'additions' | 'deletions'>> {
  const parts = output.split('\0')
  const files: Array<Omit<ChangedFile, 'additions' | 'deletions'>> = []
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++] ?? ''
    if (code === '') continue
    const status = STATUS[code.charAt(0)] ?? 'modified'
    if (status === 'renamed' || status === 'copied') {
      const oldPath = parts[i++] ?? ''
      files.push({ path: parts[i++] ?? '', oldPath, status })
    } else {
      files.push({ path: parts[i++] ?? '', status })
    }
  }
  return files
}

/** `--numstat -z`: "add\tdel\tpath\0", or "add\tdel\t\0old\0new\0" for renames; "-" counts for binary files. */
function numstat(output: string): Map<string, { additions: number | null; deletions: number | null }> {
  const parts = output.split('\0')
  const counts = new Map<string, { additions: number | null; deletions: number | null }>()
  for (let i = 0; i < parts.length; ) {
    const entry = parts[i++] ?? ''
    if (entry === '') continue
    const [added = '-', deleted = '-', path = ''] = entry.split('\t')
    const target = path === '' ? (i++, parts[i++] ?? '') : path
    counts.set(target, { additions: added === '-' ? null : Number(added), deletions: deleted === '-' ? null : Number(deleted) })
  }
  return counts
}

/** Lines of a new file; null for a binary (a NUL byte early on) or very large one. */
async function lineCount(path: string): Promise<number | null> {
  let handle
  try {
    handle = await open(path, 'r')
    const { size } = await handle.stat()
    if (size > MAX_UNTRACKED_BYTES) return null
    const content = await handle.readFile()
    if (content.subarray(0, 8000).includes(0)) return null
    if (content.length === 0) return 0
    let lines = 0
    for (const byte of content) if (byte === 0x0a) lines++
    return content[content.length - 1] === 0x0a ? lines : lines + 1
  } catch {
    return null
  } finally {
    await handle?.close()
  }
}

/** A new file as a unified diff against nothing (`git diff --no-index` exits 1 when they differ). */
async function untrackedDiff(git: Git, worktree: string, path: string): Promise<string> {
  const result = await git.run(['diff', '--no-color', '--no-ext-diff', '--no-index', '--', '/dev/null', path], worktree, { okExitCodes: [0, 1] })
  return result.stdout
}

function cutAtLine(text: string, limit: number): string {
  const cut = text.lastIndexOf('\n', limit)
  return text.slice(0, cut > 0 ? cut + 1 : limit)
}
