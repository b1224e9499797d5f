export { LayoutService } from './layout-service'
export { workspaceDocument, type Workspace } from './workspace-document'
