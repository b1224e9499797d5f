import { useState } from 'react'
import { PresetName } from '../../../../shared/agent-config'
import { useWorkbench } from '../../state/context'

interface Problem {
  subject: string
  reason: string
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * What the host skipped while reading the settings: broken presets (by name, with
 * why; each can be deleted here) or a settings file it had to set aside.
 */
export function SettingsProblems({ problems }: { problems: readonly Problem[] }): React.JSX.Element | null {
  const workbench = useWorkbench()
  const [failure, setFailure] = useState<string | null>(null)
  if (problems.length === 0) return null

  const remove = (name: string, button: HTMLElement): void => {
    setFailure(null)
    // The banner goes once the problem is gone: the keyboard moves to the open tab, still inside the dialog.
    const tab = button.closest('[role="dialog"]')?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')
    workbench.client.call('presets.delete', { name }).then(
      async () => {
        tab?.focus()
        await workbench.refreshPresets()
      },
      (error: unknown) => setFailure(`Could not delete ${name}: ${errorText(error)}`)
    )
  }

  return (
    <div className="settings-problems" role="alert">
      <strong>Some settings could not be used and were skipped:</strong>
      <ul>
        {problems.map((problem, index) => {
          const preset = PresetName.safeParse(problem.subject).success
          return (
            <li key={`${problem.subject}-${index}`}>
              <span>
                <span className="settings-problem-subject">{preset ? `Preset ${problem.subject}` : problem.subject}</span>
                {': '}
                {problem.reason}
              </span>
              {preset && (
                <button
                  type="button"
                  className="text-button danger"
                  aria-label={`Delete broken preset ${problem.subject}`}
                  onClick={(event) => remove(problem.subject, event.currentTarget)}
                >
                  Delete
                </button>
              )}
            </li>
          )
        })}
      </ul>
      {failure && <p>{failure}</p>}
    </div>
  )
}
