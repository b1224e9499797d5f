import type { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import type { FromMirror, ToMirror } from './mirror-protocol'
import { startMirrorWorker } from './mirror-worker-start'

export interface MirrorEvents {
  onParsed(paneId: string, chars: number): void
  onTitle(paneId: string, title: string): void
  /** The worker died and every mirror was lost; when `available`, they are open again (empty). */
  onRestart(available: boolean): void
}

export interface MirrorOptions {
  /** false: run without mirrors (snapshot and screenText reject). */
  enabled: boolean
  scrollback: number
  /** Crashes tolerated within CRASH_WINDOW_MS before the mirror is given up. */
  maxRestarts: number
  requestTimeoutMs: number
}

export const DEFAULT_MIRROR: MirrorOptions = { enabled: true, scrollback: 1000, maxRestarts: 3, requestTimeoutMs: 10_000 }
const CRASH_WINDOW_MS = 60_000

interface Request {
  resolve(value: string | string[]): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * The main-thread side of the headless mirrors: one worker for all panes, fed with the
 * batched frames. The worker never keeps the process alive (unref'd unless a read is
 * waiting), is restarted when it crashes, and is ended by dispose().
 */
export class MirrorHost {
  private worker: Worker | undefined
  private readonly sizes = new Map<string, { cols: number; rows: number }>()
  private readonly requests = new Map<number, Request>()
  private nextRequest = 1
  private crashes: number[] = []
  private unavailable: string | undefined

  constructor(
    private readonly events: MirrorEvents,
    private readonly log: Logger,
    private readonly options: MirrorOptions = DEFAULT_MIRROR
  ) {
    if (!options.enabled) this.unavailable = 'disabled'
  }

  get available(): boolean {
    return this.unavailable === undefined
  }

  open(paneId: string, cols: number, rows: number): void {
    this.sizes.set(paneId, { cols, rows })
    if (this.worker) this.post(this.openMessage(paneId))
    else this.start()
  }

  /** Starts the pane's mirror again, empty (the worker replaces its terminal). */
  reopen(paneId: string): void {
    if (this.sizes.has(paneId)) this.post(this.openMessage(paneId))
  }

  /** Feeds a frame; false when there is no mirror to take it (no parse report will come). */
  write(paneId: string, data: string): boolean {
    return this.post({ type: 'write', paneId, data })
  }

  resize(paneId: string, cols: number, rows: number): void {
    this.sizes.set(paneId, { cols, rows })
    this.post({ type: 'resize', paneId, cols, rows })
  }

  close(paneId: string): void {
    this.sizes.delete(paneId)
    this.post({ type: 'close', paneId })
  }

  /** The pane's screen and scrollback, serialized with escape sequences. */
  snapshot(paneId: string): Promise<string> {
    return this.request('snapshot', paneId).then((value) => (typeof value === 'string' ? value : value.join('\n')))
  }

  /** The pane's visible rows as text; with lastLines, its last that many lines of scrollback and screen. */
  screenText(paneId: string, lastLines?: number): Promise<string[]> {
    return this.request('screen', paneId, lastLines).then((value) => (Array.isArray(value) ? value : value.split('\n')))
  }

  /** Makes the worker throw, as a bug in it would (diagnostics and tests). */
  simulateCrash(): void {
    this.post({ type: 'crash' })
  }

  async dispose(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    this.sizes.clear()
    this.failRequests('the mirror was closed')
    await worker?.terminate()
  }

  private start(): void {
    if (this.unavailable !== undefined) return
    let worker: Worker
    try {
      worker = startMirrorWorker()
    } catch (error) {
      this.unavailable = String(error)
      return this.log.error('screen mirror unavailable', { error: this.unavailable })
    }
    this.worker = worker
    worker.unref()
    worker.on('message', (message: FromMirror) => this.receive(message))
    worker.on('error', (error) => this.log.error('mirror worker failed', { error: String(error) }))
    worker.on('exit', (code) => this.exited(worker, code))
    for (const paneId of this.sizes.keys()) this.post(this.openMessage(paneId))
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return // terminated by dispose()
    this.worker = undefined
    this.failRequests('the mirror worker stopped')
    const now = Date.now()
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now]
    if (this.crashes.length > this.options.maxRestarts) {
      this.unavailable = `the mirror worker crashed ${this.crashes.length} times in a minute`
      this.log.error('screen mirror given up', { reason: this.unavailable })
    } else {
      this.log.warn('mirror worker exited; restarting it', { code })
      this.start()
    }
    this.events.onRestart(this.available)
  }

  private receive(message: FromMirror): void {
    if (message.type === 'parsed') return this.events.onParsed(message.paneId, message.chars)
    if (message.type === 'title') return this.events.onTitle(message.paneId, message.title)
    const request = this.requests.get(message.requestId)
    if (!request) return
    this.settle(message.requestId)
    if (message.type === 'result') request.resolve(message.value)
    else request.reject(new Error(message.message))
  }

  private request(type: 'snapshot' | 'screen', paneId: string, lastLines?: number): Promise<string | string[]> {
    if (!this.worker) return Promise.reject(new Error(`The screen mirror is not available: ${this.unavailable ?? 'not started'}`))
    const requestId = this.nextRequest++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(requestId)
        reject(new Error(`The screen mirror did not answer within ${this.options.requestTimeoutMs} ms`))
      }, this.options.requestTimeoutMs)
      this.requests.set(requestId, { resolve, reject, timer })
      this.worker?.ref() // a caller is waiting: keep the process alive until the answer
      this.post(type === 'screen' && lastLines !== undefined ? { type, requestId, paneId, lastLines } : { type, requestId, paneId })
    })
  }

  private settle(requestId: number): void {
    clearTimeout(this.requests.get(requestId)?.timer)
    this.requests.delete(requestId)
    if (this.requests.size === 0) this.worker?.unref()
  }

  private failRequests(reason: string): void {
    for (const [id, request] of [...this.requests]) {
      this.settle(id)
      request.reject(new Error(`The screen mirror did not answer: ${reason}`))
    }
  }

  private openMessage(paneId: string): ToMirror {
    const size = this.sizes.get(paneId) ?? { cols: 80, rows: 24 }
    return { type: 'open', paneId, ...size, scrollback: this.options.scrollback }
  }

  private post(message: ToMirror): boolean {
    if (!this.worker) return false
    this.worker.postMessage(message)
    return true
  }
}
