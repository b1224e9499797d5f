import { useEffect, useState } from 'react'
import { useWorkbench } from '../../state/context'

/**
 * The host's switch for restarting agents that crash. Unlike the view settings around it,
 * it lives in the host (settings.json), so every window sees the same value.
 */
export function AutoRestartSetting(): React.JSX.Element {
  const { client } = useWorkbench()
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)

  useEffect(() => {
    const read = (): void =>
      void client.call('autoRestart.get', {}).then(
        (value) => setEnabled(value.enabled),
        (error: unknown) => setProblem(String(error))
      )
    read()
    // Changed in another window, or in the file.
    return client.on('settings.changed', read)
  }, [client])

  const change = (next: boolean): void => {
    setEnabled(next)
    client.call('autoRestart.set', { enabled: next }).catch((error: unknown) => {
      setEnabled(!next)
      setProblem(String(error))
    })
  }

  return (
    <div className="settings-field">
      <label className="check">
        <input type="checkbox" checked={enabled ?? true} disabled={enabled === undefined} onChange={(event) => change(event.target.checked)} />
        Restart agents that crash (after 1 s, 5 s, then 20 s; at most 3 times in 2 minutes) — for every pane, on this host
      </label>
      {problem && <span className="settings-field-error">{problem}</span>}
    </div>
  )
}
