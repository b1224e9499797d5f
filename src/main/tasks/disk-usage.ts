import { execFile } from 'node:child_process'

/**
 * Bytes a folder takes on disk, from `du -sk` in a child process so a large worktree (they
 * grow to many GB) costs the host thread nothing; undefined when it cannot be measured.
 */
export function diskUsage(path: string, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('du', ['-sk', path], { env, encoding: 'utf8', windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      // du exits 1 when some entries could not be read (a file deleted while it counted): its total still stands.
      const kilobytes = Number.parseInt(stdout.trim().split(/\s+/)[0] ?? '', 10)
      if (Number.isNaN(kilobytes)) return resolve(error ? undefined : 0)
      resolve(kilobytes * 1024)
    })
  })
}
