import { HostSwitchSetting } from './HostSwitchSetting'

/** The host's switch for bringing the saved panes back when it starts. */
export function RestoreOnStartSetting(): React.JSX.Element {
  return (
    <HostSwitchSetting
      name="restoreOnStart"
      label="Restore panes on start (shells in their folders, agents resuming their sessions; off starts with an empty grid and keeps the saved one aside) — on this host"
    />
  )
}
