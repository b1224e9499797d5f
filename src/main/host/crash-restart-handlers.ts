import { HostError, type CallHandlers } from '../bridge'
import type { SettingsStore } from '../config'
import type { Logger } from '../log'
import type { PaneManager } from '../pty'
import { CrashRestarter, type AgentPanes, type RestartPolicy } from '../sessions'

export interface CrashRestartDeps {
  panes: PaneManager
  agentPanes: AgentPanes
  settings: SettingsStore
  log: Logger
  /** Shorter waits for tests; the defaults are 1 s, 5 s, 20 s and 3 tries in 2 minutes. */
  policy?: RestartPolicy
}

type CrashRestartCalls = 'pane.setAutoRestart' | 'autoRestart.get' | 'autoRestart.set'

export function createCrashRestarter({ panes, agentPanes, settings, log, policy }: CrashRestartDeps): CrashRestarter {
  return new CrashRestarter({
    restart: async (paneId) => void (await agentPanes.restart(paneId)),
    publish: (paneId, info) => panes.setAutoRestart(paneId, info),
    isAgent: (paneId) => panes.list().some((pane) => pane.id === paneId && pane.kind !== 'shell'),
    enabledGlobally: () => settings.read().autoRestart,
    log,
    ...(policy && { policy })
  })
}

export function crashRestartHandlers(restarter: CrashRestarter, { panes, settings }: CrashRestartDeps): Pick<CallHandlers, CrashRestartCalls> {
  return {
    'pane.setAutoRestart': ({ paneId, enabled }) => {
      const pane = panes.list().find((listed) => listed.id === paneId)
      if (!pane) throw new HostError('not_found', `No pane ${paneId}`)
      if (pane.kind === 'shell') throw new HostError('invalid_input', 'Only agent panes restart after a crash; a shell ends when you tell it to.')
      restarter.setEnabled(paneId, enabled)
      return panes.list().find((listed) => listed.id === paneId) ?? pane
    },
    'autoRestart.get': () => ({ enabled: settings.read().autoRestart }),
    'autoRestart.set': ({ enabled }) => {
      settings.update((data) => ({ ...data, autoRestart: enabled }))
      // The store's change reaches every window as settings.changed.
      if (!enabled) restarter.disabledGlobally()
      return null
    }
  }
}
