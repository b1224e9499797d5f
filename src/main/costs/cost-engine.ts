import { resolve } from 'node:path'
import type { CostRange, CostReport, PaneCost, PriceTable } from '../../shared/costs'
import { buildReport, type ReportPane } from './cost-report'
import { Pricer } from './cost-totals'
import { type SessionUsage, UsageLedger } from './ledger'
import { DEFAULT_PRICES } from './prices'
import { rangeCosts, type RangeCost, type RangeGroup } from './range-cost'
import { sessionCost } from './session-cost'
import { isTranscript, listTranscripts, sessionIdOfPath } from './transcript-files'
import { TranscriptTail } from './transcript-tail'
import { parseUsageLine } from './usage-line'

/**
 * Counts Claude transcripts: a tail per file, one ledger across them, priced on demand with
 * the current table. Plain synchronous Node; the scanner runs it in a worker. Every mutating
 * call returns the session ids whose usage changed.
 */
export class CostEngine {
  private readonly ledger = new UsageLedger()
  private readonly tails = new Map<string, TranscriptTail>()
  private pricer: Pricer

  constructor(prices: PriceTable = DEFAULT_PRICES) {
    this.pricer = new Pricer(prices)
  }

  /** Reads every transcript under the roots (the projects folders), or what was appended to it since. */
  scanRoots(dirs: string[]): string[] {
    for (const path of listTranscripts(dirs)) this.readFile(path)
    return this.ledger.takeChanged()
  }

  /** Reads what was appended to one transcript (a new file is read whole). */
  fileChanged(path: string): string[] {
    this.readFile(path)
    return this.ledger.takeChanged()
  }

  /** Prices every session anew: all of them are reported changed. */
  setPrices(table: PriceTable): string[] {
    this.pricer = new Pricer(table)
    return [...this.ledger.sessions.keys()]
  }

  sessionCost(sessionIds: string[]): PaneCost {
    return sessionCost(this.sessionsOf(sessionIds), this.pricer)
  }

  /** Usage of each group's sessions within each of its time slices (a task's stages). */
  rangeCosts(groups: RangeGroup[]): RangeCost[][] {
    return rangeCosts(this.ledger.responses(), groups, this.pricer)
  }

  /** `now`: ms since the epoch (today is its local day); `complete`: false while the first scan runs. */
  report(range: CostRange, now: number, panes: ReportPane[], complete = true): CostReport {
    return buildReport({ range, now: new Date(now), panes, sessions: this.ledger.sessions.values(), pricer: this.pricer, complete })
  }

  private readFile(file: string): void {
    const path = resolve(file)
    if (!isTranscript(path)) return
    let tail = this.tails.get(path)
    if (!tail) {
      tail = new TranscriptTail(path)
      this.tails.set(path, tail)
    }
    const fallbackSessionId = sessionIdOfPath(path)
    const read = tail.read((line) => {
      const entry = parseUsageLine(line, fallbackSessionId)
      if (entry) this.ledger.add(entry)
    })
    // A deleted transcript's usage stays counted; its tail goes, so a new file there is read whole.
    if (read === 'missing') this.tails.delete(path)
  }

  private sessionsOf(sessionIds: string[]): SessionUsage[] {
    return [...new Set(sessionIds)].flatMap((id) => this.ledger.sessions.get(id) ?? [])
  }
}
