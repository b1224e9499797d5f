export { AgentPanes, type AgentPanesOptions, type AgentRecord, type RestoreRequest } from './agent-panes'
export { CrashRestarter, type CrashRestarterOptions } from './crash-restart'
export { DEFAULT_RESTART_POLICY, type RestartPolicy } from './restart-policy'
