export { AgentPanes, type AgentPanesOptions } from './agent-panes'
