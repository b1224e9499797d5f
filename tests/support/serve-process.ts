import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const REPO_ROOT = resolve(__dirname, '..', '..')
const SERVE_LINE = /^Tessera is serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))$/
export const TEST_PROMPT = 'tessera-test$ '

export interface ServeProcess {
  url: string
  origin: string
  port: number
  token: string
  dataDir: string
  home: string
  child: ChildProcess
  stderr(): string
  /** Resolves with the first stdout line (printed so far or later) that matches `pattern`. */
  stdoutLine(pattern: RegExp): Promise<RegExpExecArray>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** A HOME and a data dir the caller owns, so a second start continues where the first left off (stop keeps them). */
export interface ServePlaces {
  home: string
  dataDir: string
  /** A fixed port (the first start's, so an open page finds the restarted host) instead of any free one. */
  port?: number
}

/**
 * Starts `npm run serve`'s built entry the way a user would, with its own data
 * dir and a HOME whose login shell shows a known prompt, and waits for the URL
 * line. `env` adds to the environment (panes inherit it). The build must exist (npm test builds before it runs the suites).
 */
export async function startServe(extraArgs: string[] = [], env: Record<string, string> = {}, places?: ServePlaces): Promise<ServeProcess> {
  const scratch = places ? undefined : mkdtempSync(join(tmpdir(), 'tessera-serve-'))
  const home = places?.home ?? join(scratch as string, 'home')
  const dataDir = places?.dataDir ?? join(scratch as string, 'data')
  if (scratch) writeFileSync(join(scratch, '.keep'), '')
  if (scratch) rmSync(home, { recursive: true, force: true })
  await import('node:fs/promises').then((fs) => fs.mkdir(home, { recursive: true }))
  writeFileSync(join(home, '.bash_profile'), `PS1='${TEST_PROMPT}'\n`)
  const child = spawn(process.execPath, [join(REPO_ROOT, 'out', 'main', 'serve.js'), '--port', String(places?.port ?? 0), '--data-dir', dataDir, ...extraArgs], {
    cwd: home,
    // No INIT_CWD from the npm running the tests: serve starts in `home`, as if typed there (--cwd or env may say otherwise).
    env: { ...process.env, INIT_CWD: '', ...env, HOME: home, SHELL: '/bin/bash' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const printed: string[] = []
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })
  lines.on('line', (line) => printed.push(line))
  const stdoutLine = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((done, fail) => {
      const seen = (line: string): boolean => {
        const found = pattern.exec(line)
        if (found) done(found)
        return found !== null
      }
      if (printed.some(seen)) return
      const onLine = (line: string): void => void (seen(line) && lines.off('line', onLine))
      lines.on('line', onLine)
      void exited.then((code) => fail(new Error(`serve exited with ${code} before printing ${pattern}:\n${stderr}`)))
    })
  const match = await new Promise<RegExpExecArray>((done, fail) => {
    lines.on('line', (line) => {
      const found = SERVE_LINE.exec(line)
      if (found) done(found)
    })
    void exited.then((code) => fail(new Error(`serve exited with ${code} before printing its URL:\n${stderr}`)))
  })
  const [, url, port, token] = match as unknown as [string, string, string, string]
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    port: Number(port),
    token,
    dataDir,
    home,
    child,
    stderr: () => stderr,
    stdoutLine,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal)
      const code = await exited
      if (scratch) rmSync(scratch, { recursive: true, force: true })
      return code
    }
  }
}
