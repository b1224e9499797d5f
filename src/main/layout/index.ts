export { LayoutService } from './layout-service'
