export {
  PaneManager,
  type CreatePaneRequest,
  type PaneManagerEvents,
  type PaneManagerOptions,
  type PaneStats
} from './pane-manager'
export { OutputBatcher } from './output-batcher'
export { Backlog } from './backlog'
export { resolveUserShell, paneEnvironment } from './shell'
export { FlowControl, DEFAULT_FLOW, type FlowOptions, type FlowStats } from './flow-control'
export { DEFAULT_MIRROR, type MirrorOptions } from './mirror-host'
export { MirrorFeed, MIRROR_BURST_LIMIT, MIRROR_LAG_LIMIT, MIRROR_QUIET_MS, type MirrorFeedStats, type MirrorSink } from './mirror-feed'
export { processTree, isRunning, readProcess, parseStat, type ProcessEntry } from './process-tree'
export { spawnPty, type PtyProcess, type PtyExit, type SpawnRequest } from './pty-process'
export { DEFAULT_WINDOW_SIZE, WINDOW_SIZE_POLICIES, isWindowSizePolicy, policySize, type CellSize, type WindowSizePolicy } from './size-policy'
export { endProcessTree } from './end-tree'
