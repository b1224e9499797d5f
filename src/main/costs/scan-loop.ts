import type { CostReport, PaneCost } from '../../shared/costs'
import type { RangeCost } from './range-cost'
import type { FromScanWorker, ToScanWorker } from './scan-protocol'
import { CostEngine } from './cost-engine'
import { RootWatcher } from './root-watcher'

/**
 * The scan worker's logic, apart from its thread so a test can drive it directly: it counts
 * the roots it is given, then follows their changes, and answers queries in between.
 */
export class ScanLoop {
  private readonly engine = new CostEngine()
  private readonly watcher: RootWatcher
  private scanned = false

  constructor(private readonly send: (message: FromScanWorker) => void) {
    this.watcher = new RootWatcher({
      onFiles: (paths) => this.announce(paths.flatMap((path) => this.engine.fileChanged(path))),
      onWarn: (message, data) => this.send({ type: 'warn', message, data }),
    })
  }

  handle(message: ToScanWorker): void {
    switch (message.type) {
      case 'prices':
        return this.announce(this.engine.setPrices(message.prices))
      case 'roots':
        return this.addRoots(message.dirs)
      case 'file':
        return this.announce(this.engine.fileChanged(message.path))
      case 'sessionCost':
        return this.answer(message.requestId, () => this.engine.sessionCost(message.sessionIds))
      case 'report':
        return this.answer(message.requestId, () => this.engine.report(message.range, message.now, message.panes, message.complete))
      case 'rangeCosts':
        return this.answer(message.requestId, () => this.engine.rangeCosts(message.groups))
    }
  }

  close(): void {
    this.watcher.close()
  }

  /** Watches before reading, so a line written during the scan is read by one or the other. */
  private addRoots(dirs: string[]): void {
    for (const dir of dirs) this.watcher.watch(dir)
    const changed = this.engine.scanRoots(dirs)
    if (this.scanned) return this.announce(changed)
    this.scanned = true
    this.send({ type: 'scanned' })
  }

  /** Before the first full scan nobody is told about single sessions: 'scanned' covers them all. */
  private announce(sessionIds: string[]): void {
    if (!this.scanned || sessionIds.length === 0) return
    this.send({ type: 'changed', sessionIds: [...new Set(sessionIds)] })
  }

  private answer(requestId: number, compute: () => PaneCost | CostReport | RangeCost[][]): void {
    try {
      this.send({ type: 'result', requestId, value: compute() })
    } catch (error) {
      this.send({ type: 'failed', requestId, message: error instanceof Error ? error.message : String(error) })
    }
  }
}
