export { PaneManager, type CreatePaneRequest, type PaneManagerEvents } from './pane-manager'
export { OutputBatcher } from './output-batcher'
export { Backlog } from './backlog'
export { resolveUserShell, paneEnvironment } from './shell'
