import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { REPO_ROOT } from './claude-versions.ts'

const SERVE_LINE = /^Tessera is serving at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)$/

export interface NpmServe {
  /** npm's own process: the launcher a user's signal reaches. */
  npm: ChildProcess
  port: number
  token: string
  /** Ends whatever is left of the process group (a failed test's leftovers) and waits for npm. */
  stop(): Promise<void>
}

/**
 * `npm run serve` as a user runs it, in its own process group so that `stop` can end
 * whatever a failure leaves behind; resolves at the URL line.
 */
export async function startNpmServe(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<NpmServe> {
  const npm = spawn('npm', ['run', 'serve', '--', '--port', '0', '--data-dir', dataDir], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    try {
      if (npm.pid) process.kill(-npm.pid, 'SIGKILL')
    } catch {
      // The group is gone already.
    }
    await exited
  }
  let stderr = ''
  npm.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: npm.stdout as NonNullable<typeof npm.stdout> })
  try {
    return await new Promise<NpmServe>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = SERVE_LINE.exec(line)
        if (match) resolve({ npm, port: Number(match[1]), token: match[2] as string, stop })
      })
      void exited.then(() => reject(new Error(`npm run serve exited before its URL line:\n${stderr}`)))
    })
  } catch (error) {
    await stop()
    throw error
  }
}
