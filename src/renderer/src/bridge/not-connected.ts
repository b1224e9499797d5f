import { BridgeError } from '../../../shared/bridge'

/**
 * A call that could not reach the host because the connection is gone. The page already
 * says it is reconnecting, so callers do not report these one by one.
 */
export class NotConnectedError extends BridgeError {
  constructor(message: string) {
    super('failed', message)
    this.name = 'NotConnectedError'
  }
}
