import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BridgeClient } from '../support/bridge-client.ts'
import { startNpmServe } from '../support/npm-serve.ts'
import { processState } from '../support/processes.ts'

// `kill -TERM <npm's pid>` must stop browser mode, not leave the host adopted by init with
// every pane and the port held. The signal goes to npm alone (the test runs it in its own
// process group only so that clean-up can end whatever a failure leaves behind).

const WAIT_MS = 30_000

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The parent of a process, from /proc (Linux). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Field 4, after the command name in parentheses (which may hold spaces).
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

/** Polls the process table (processes send no event when they end) until every pid is gone. */
async function allGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (pids.some((pid) => processState(pid) !== 'ESRCH')) {
    if (Date.now() > deadline) throw new Error(`still running: ${pids.filter((pid) => processState(pid) !== 'ESRCH').join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Starts browser mode with two shells, one running a job; returns the host's, the panes' and the job's pids. */
async function serveWithPanes(): Promise<{ npm: ChildProcess; host: number; pids: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-stop-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const served = await startNpmServe(dataDir)
  cleanups.push(() => served.stop())
  const bridge = await BridgeClient.connect({ port: served.port, token: served.token, origin: `http://127.0.0.1:${served.port}` })
  cleanups.push(() => bridge.close())
  let output = ''
  bridge.on('pane.data', ({ paneId, data }) => {
    output += data
    void bridge.call('pane.ack', { paneId, chars: data.length }).catch(() => undefined)
  })
  const first = await bridge.call('pane.create', { kind: 'shell', cols: 80, rows: 24 })
  const second = await bridge.call('pane.create', { kind: 'shell', cols: 80, rows: 24 })
  const panePids = [first.pid, second.pid].filter((pid): pid is number => typeof pid === 'number')
  expect(panePids).toHaveLength(2)
  // A job in the background of the first shell: a process the host must end with its pane.
  await bridge.call('pane.write', { paneId: first.id, data: 'sleep 300 & echo "JOB=$!"\r' })
  const job = await new Promise<number>((resolve) => {
    const check = (): void => {
      const match = /JOB=(\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    }
    bridge.on('pane.data', check)
    check()
  })
  const host = parentOf(panePids[0] as number)
  expect(parentOf(panePids[1] as number)).toBe(host)
  for (const pid of [host, ...panePids, job]) expect(processState(pid)).toBe('alive')
  return { npm: served.npm, host, pids: [...panePids, job] }
}

describe('stopping npm run serve', () => {
  it('SIGTERM to npm’s pid ends the host and every pane', async () => {
    const { npm, host, pids } = await serveWithPanes()
    process.kill(npm.pid as number, 'SIGTERM')
    await allGone([host, ...pids])
  })

  it('the host stops when npm dies without passing anything on (SIGKILL)', async () => {
    const { npm, host, pids } = await serveWithPanes()
    process.kill(npm.pid as number, 'SIGKILL')
    await allGone([host, ...pids])
  })
})
