export { startBundledWorker, type BundledWorker } from './start-worker'
