import { createLogger, type LogEntry, type Logger } from '../../src/main/log'

/** A logger that keeps its entries so a test can assert what was logged. */
export function captureLog(): { log: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = []
  return { log: createLogger('test', (entry) => entries.push(entry)), entries }
}
