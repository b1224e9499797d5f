import { HostSwitchSetting } from './HostSwitchSetting'

/** The host's switch for restarting agents that crash. */
export function AutoRestartSetting(): React.JSX.Element {
  return (
    <HostSwitchSetting
      name="autoRestart"
      label="Restart agents that crash (after 1 s, 5 s, then 20 s; at most 3 times in 2 minutes) — for every pane, on this host"
    />
  )
}
