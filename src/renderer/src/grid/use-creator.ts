import { useAppState } from '../state/context'
import { creatorName, creatorPaneId, type CreatorName } from './creator-text'
import { paneTitle } from './pane-title'

/** The pane's creator, an orchestrator pane named by its current title. */
export function useCreator(creator: string | undefined): CreatorName | undefined {
  const paneId = creatorPaneId(creator)
  const orchestrator = useAppState((s) => (paneId ? s.panes[paneId] : undefined))
  const oscTitle = useAppState((s) => (paneId ? s.titles[paneId] : undefined))
  const agents = useAppState((s) => s.agents)
  return creatorName(creator, () => (orchestrator ? paneTitle(orchestrator, oscTitle, agents) : undefined))
}
