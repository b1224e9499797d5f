import type { CostRange, CostReport, PaneCost, PriceTable } from '../../shared/costs'
import type { ReportPane } from './cost-report'
import type { RangeCost, RangeGroup } from './range-cost'

// Messages between the CostScanner (host thread) and the scan worker.

export type ToScanWorker =
  | { type: 'prices'; prices: PriceTable }
  /** Projects folders to read and watch (the first ones start the first full scan). */
  | { type: 'roots'; dirs: string[] }
  | { type: 'file'; path: string }
  | { type: 'sessionCost'; requestId: number; sessionIds: string[] }
  | { type: 'report'; requestId: number; range: CostRange; now: number; panes: ReportPane[]; complete: boolean }
  | { type: 'rangeCosts'; requestId: number; groups: RangeGroup[] }

export type FromScanWorker =
  | { type: 'changed'; sessionIds: string[] }
  /** A full scan of the roots is done (the first, or a restarted worker's). */
  | { type: 'scanned' }
  | { type: 'result'; requestId: number; value: PaneCost | CostReport | RangeCost[][] }
  | { type: 'failed'; requestId: number; message: string }
  | { type: 'warn'; message: string; data?: Record<string, unknown> }
