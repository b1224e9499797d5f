export { BridgeDispatcher, HostError, formatIssues, type CallHandlers } from './dispatcher'
export { EventHub, type EventListener } from './event-hub'
