import type { Worker } from 'node:worker_threads'
import type { CostRange, CostReport, PaneCost, PriceTable } from '../../shared/costs'
import type { Logger } from '../log'
import type { ReportPane } from './cost-report'
import type { RangeCost, RangeGroup } from './range-cost'
import type { FromScanWorker, ToScanWorker } from './scan-protocol'
import { startScanWorker } from './scan-worker-start'

export interface CostScannerOptions {
  /** Usage of these sessions changed (only after the first full scan). */
  onChanged(sessionIds: string[]): void
  /**
   * A full scan of the roots is done: figures are complete from now on. Called again when a
   * restarted worker has counted everything anew (its sessions are not announced one by one).
   */
  onScanned(): void
  log: Logger
  /** A query not answered in this time fails (the worker is stuck or gone). */
  requestTimeoutMs?: number
  /** Crashes tolerated within a minute before the scanner gives up. */
  maxRestarts?: number
}

interface Request {
  resolve(value: PaneCost | CostReport | RangeCost[][]): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

const CRASH_WINDOW_MS = 60_000

/**
 * The host-thread side of the cost scanner: the transcripts are read, watched and counted in
 * a worker, asked here. The worker never keeps the process alive and is started again (with
 * the same roots and prices, counting from the files anew) if it crashes.
 */
export class CostScanner {
  private worker: Worker | undefined
  private readonly roots: string[] = []
  private prices: PriceTable | undefined
  private readonly requests = new Map<number, Request>()
  private nextRequest = 1
  private crashes: number[] = []
  private stopped: string | undefined

  constructor(private readonly options: CostScannerOptions) {}

  /** Starts the worker on these projects folders (`<config dir>/projects`). */
  start(projectDirs: string[]): void {
    if (this.worker || this.stopped) return
    for (const dir of projectDirs) if (!this.roots.includes(dir)) this.roots.push(dir)
    this.launch()
  }

  /** One more projects folder (a pane's own config dir). */
  watch(projectDir: string): void {
    if (this.roots.includes(projectDir)) return
    this.roots.push(projectDir)
    this.post({ type: 'roots', dirs: [projectDir] })
  }

  /** A transcript changed (a hook named it): read it now rather than at the next file event. */
  fileChanged(path: string): void {
    this.post({ type: 'file', path })
  }

  setPrices(table: PriceTable): void {
    this.prices = table
    this.post({ type: 'prices', prices: table })
  }

  sessionCost(sessionIds: string[]): Promise<PaneCost> {
    return this.request((requestId) => ({ type: 'sessionCost', requestId, sessionIds })) as Promise<PaneCost>
  }

  /** Usage of each group's sessions within each of its time slices (a task's stages). */
  rangeCosts(groups: RangeGroup[]): Promise<RangeCost[][]> {
    return this.request((requestId) => ({ type: 'rangeCosts', requestId, groups })) as Promise<RangeCost[][]>
  }

  /** `now`: ms since the epoch; `complete` is passed through to the report. */
  report(range: CostRange, now: number, panes: ReportPane[], complete: boolean): Promise<CostReport> {
    return this.request((requestId) => ({ type: 'report', requestId, range, now, panes, complete })) as Promise<CostReport>
  }

  async dispose(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    this.stopped = 'the cost scanner was closed'
    this.failRequests(this.stopped)
    await worker?.terminate()
  }

  private launch(): void {
    let worker: Worker
    try {
      worker = startScanWorker()
    } catch (error) {
      this.stopped = String(error)
      return this.options.log.error('cost scanner unavailable', { error: this.stopped })
    }
    this.worker = worker
    worker.unref()
    worker.on('message', (message: FromScanWorker) => this.receive(message))
    worker.on('error', (error) => this.options.log.error('cost scan worker failed', { error: String(error) }))
    worker.on('exit', (code) => this.exited(worker, code))
    if (this.prices) this.post({ type: 'prices', prices: this.prices })
    this.post({ type: 'roots', dirs: [...this.roots] })
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return // terminated by dispose()
    this.worker = undefined
    this.failRequests('the cost scan worker stopped')
    const now = Date.now()
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now]
    if (this.crashes.length > (this.options.maxRestarts ?? 3)) {
      this.stopped = `the cost scan worker crashed ${this.crashes.length} times in a minute`
      return this.options.log.error('cost scanner given up', { reason: this.stopped })
    }
    this.options.log.warn('cost scan worker exited; restarting it', { code })
    this.launch()
  }

  private receive(message: FromScanWorker): void {
    switch (message.type) {
      case 'changed':
        return this.options.onChanged(message.sessionIds)
      case 'scanned':
        return this.options.onScanned()
      case 'warn':
        return this.options.log.warn(message.message, message.data)
      case 'result':
      case 'failed':
        return this.settle(message)
    }
  }

  private settle(message: Extract<FromScanWorker, { type: 'result' | 'failed' }>): void {
    const request = this.requests.get(message.requestId)
    if (!request) return
    this.requests.delete(message.requestId)
    clearTimeout(request.timer)
    if (this.requests.size === 0) this.worker?.unref()
    if (message.type === 'result') request.resolve(message.value)
    else request.reject(new Error(message.message))
  }

  private request(make: (requestId: number) => ToScanWorker): Promise<PaneCost | CostReport | RangeCost[][]> {
    if (!this.worker) return Promise.reject(new Error(`The cost scanner is not running: ${this.stopped ?? 'not started'}`))
    const requestId = this.nextRequest++
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.requestTimeoutMs ?? 30_000
      const timer = setTimeout(() => {
        this.requests.delete(requestId)
        reject(new Error(`The cost scanner did not answer in ${timeoutMs} ms`))
      }, timeoutMs)
      this.requests.set(requestId, { resolve, reject, timer })
      // A pending answer keeps the process alive until it comes.
      this.worker?.ref()
      this.post(make(requestId))
    })
  }

  private post(message: ToScanWorker): void {
    this.worker?.postMessage(message)
  }

  private failRequests(reason: string): void {
    for (const request of this.requests.values()) {
      clearTimeout(request.timer)
      request.reject(new Error(reason))
    }
    this.requests.clear()
  }
}
