import { useEffect, useState } from 'react'
import { useWorkbench } from '../../state/context'

/** The host's on/off settings, each read with `<name>.get` and changed with `<name>.set`. */
type HostSwitch = 'autoRestart' | 'restoreOnStart'

/**
 * A switch the host keeps (settings.json). Unlike the view settings around it, it is
 * the same in every window, so it is read from the host and follows its changes.
 */
export function HostSwitchSetting({ name, label }: { name: HostSwitch; label: string }): React.JSX.Element {
  const { client } = useWorkbench()
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)

  useEffect(() => {
    const read = (): void =>
      void client.call(`${name}.get` as const, {}).then(
        (value) => setEnabled(value.enabled),
        (error: unknown) => setProblem(String(error))
      )
    read()
    // Changed in another window, or in the file.
    return client.on('settings.changed', read)
  }, [client, name])

  const change = (next: boolean): void => {
    setEnabled(next)
    client.call(`${name}.set` as const, { enabled: next }).catch((error: unknown) => {
      setEnabled(!next)
      setProblem(String(error))
    })
  }

  return (
    <div className="settings-field">
      <label className="check">
        <input type="checkbox" checked={enabled ?? true} disabled={enabled === undefined} onChange={(event) => change(event.target.checked)} />
        {label}
      </label>
      {problem && <span className="settings-field-error">{problem}</span>}
    </div>
  )
}
