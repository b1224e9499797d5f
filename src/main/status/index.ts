export { readCliSessionStatus, type CliSessionStatus } from './session-file'
