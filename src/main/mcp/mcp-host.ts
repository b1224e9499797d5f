import type { BridgeDispatcher, EventHub } from '../bridge'
import type { SettingsStore } from '../config'
import type { PaneManager } from '../pty'
import type { PromptSender, TurnTracker } from '../sessions'
import type { StatusService } from '../status'

/** What the MCP server uses of the host (createHost's Host has all of it). */
export interface McpHost {
  /** Every tool that changes something goes through the bridge's own handlers, validation and rules. */
  dispatcher: Pick<BridgeDispatcher, 'dispatch'>
  events: Pick<EventHub, 'subscribe'>
  panes: Pick<PaneManager, 'list' | 'write' | 'screenText' | 'setCreator'>
  status: Pick<StatusService, 'status'>
  turns: TurnTracker
  prompts: PromptSender
  settings: Pick<SettingsStore, 'read'>
}
