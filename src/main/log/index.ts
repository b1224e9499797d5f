// A tiny structured logger: one line per entry on stderr, so both hosts and the
// tests can read it. Tests pass their own sink to assert what was logged.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface LogEntry {
  level: LogLevel
  scope: string
  message: string
  data?: Record<string, unknown>
}
export type LogSink = (entry: LogEntry) => void

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
  child(scope: string): Logger
}

const stderrSink: LogSink = (entry) => {
  if (entry.level === 'debug' && !process.env.TESSERA_DEBUG) return
  const data = entry.data ? ` ${JSON.stringify(entry.data)}` : ''
  process.stderr.write(`[${entry.level}] ${entry.scope}: ${entry.message}${data}\n`)
}

export function createLogger(scope = 'tessera', sink: LogSink = stderrSink): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void =>
      sink({ level, scope, message, data })
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (child) => createLogger(`${scope}.${child}`, sink)
  }
}
