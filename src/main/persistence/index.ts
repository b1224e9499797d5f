export { StateStore, StateDirError } from './state-store'
export { StateDocument, MIN_WRITE_INTERVAL_MS } from './state-document'
export { StateLockError, LOCK_FILE, type LockHolder } from './state-lock'
export type { DocumentSpec, StateProblem } from './document-spec'
