import type { z } from 'zod'
import { calls, isCallName, type BridgeErrorCode, type CallName, type CallOutput, type CallResult, type Calls } from '../../shared/bridge'
import type { Logger } from '../log'

/** A handler's way to answer with a typed error instead of a crash. */
export class HostError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'HostError'
  }
}

/** `clientId`: which connection or window made the call (stable for its lifetime), for per-client state such as pane sizes. */
export type CallHandlers = {
  [K in CallName]: (input: z.output<Calls[K]['input']>, clientId: string) => CallOutput<K> | Promise<CallOutput<K>>
}

const fail = (code: BridgeErrorCode, message: string): CallResult => ({ ok: false, error: { code, message } })

/**
 * The host side of the bridge, shared by both transports: it validates every
 * call against the contract before a handler sees it, and turns every failure
 * into a typed error reply. Nothing a client sends can throw past it.
 */
export class BridgeDispatcher {
  constructor(
    private readonly handlers: CallHandlers,
    private readonly log: Logger
  ) {}

  async dispatch(name: string, rawInput: unknown, origin: string, clientId: string = origin): Promise<CallResult> {
    if (!isCallName(name)) {
      this.log.warn('rejected unknown call', { name, origin })
      return fail('unknown_call', `Unknown call "${name}"`)
    }
    const parsed = calls[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const message = `Invalid input for ${name}: ${formatIssues(parsed.error)}`
      this.log.warn('rejected invalid input', { name, origin, message })
      return fail('invalid_input', message)
    }
    try {
      const handler = this.handlers[name] as (input: unknown, clientId: string) => unknown
      return { ok: true, value: (await handler(parsed.data, clientId)) ?? null }
    } catch (err) {
      if (err instanceof HostError) return fail(err.code, err.message)
      const message = err instanceof Error ? err.message : String(err)
      this.log.error('call failed', { name, origin, message })
      return fail('failed', `${name} failed: ${message}`)
    }
  }
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
}
