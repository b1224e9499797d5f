import { useEffect, useId, useState } from 'react'
import { useAppState, useWorkbench } from '../state/context'
import './folders.css'

interface Props {
  value: string
  onChange: (folder: string) => void
  /** Enter in the field. */
  onSubmit?: () => void
  /** Why the last use of the folder failed, shown under the field. */
  problem?: string | null
  autoFocus?: boolean
  /** What the field is for ("Folder" unless said). */
  label?: string
}

/**
 * A folder on the host: a path field that completes from the host's file system, the
 * workspace's recent folders, and in the desktop app the native folder dialog.
 */
export function FolderField({ value, onChange, onSubmit, problem, autoFocus, label = 'Folder' }: Props): React.JSX.Element {
  const workbench = useWorkbench()
  const recent = useAppState((s) => s.folders.recent)
  const desktop = useDesktopHost()
  const suggestions = useCompletions(value)
  const listId = useId()
  const problemId = useId()
  const inputId = useId()

  const browse = (): void => {
    void workbench.client.call('folders.choose', {}).then(({ folder }) => folder && onChange(folder), () => undefined)
  }

  return (
    <div className="folder-field">
      <label className="folder-label" htmlFor={inputId}>
        {label}
      </label>
      <span className="folder-row">
        <input
          id={inputId}
          type="text"
          className="folder-input"
          value={value}
          list={listId}
          spellCheck={false}
          autoComplete="off"
          data-autofocus={autoFocus ? '' : undefined}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && onSubmit) {
              event.preventDefault()
              onSubmit()
            }
          }}
        />
        {desktop && (
          <button type="button" className="button" onClick={browse}>
            Browse…
          </button>
        )}
      </span>
      <datalist id={listId}>
        {suggestions.map((folder) => (
          <option key={folder} value={folder} />
        ))}
      </datalist>
      {problem && (
        <p className="folder-problem" id={problemId} role="alert">
          {problem}
        </p>
      )}
      {recent.length > 0 && (
        <div className="folder-recent" role="group" aria-label="Recent folders">
          {recent.map((folder) => (
            <button key={folder} type="button" className="folder-chip" title={folder} aria-pressed={folder === value} onClick={() => onChange(folder)}>
              {lastPart(folder)}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

const lastPart = (folder: string): string => folder.split('/').filter(Boolean).pop() ?? folder

/** Whether the host is the desktop app (which has a native folder dialog). */
function useDesktopHost(): boolean {
  const workbench = useWorkbench()
  const [desktop, setDesktop] = useState(false)
  useEffect(() => {
    let current = true
    workbench.client.call('app.info', {}).then(
      ({ host }) => current && setDesktop(host === 'desktop'),
      () => undefined
    )
    return () => {
      current = false
    }
  }, [workbench])
  return desktop
}

/** The host's folders that start with `prefix`; an answer for another prefix is not shown. */
function useCompletions(prefix: string): readonly string[] {
  const workbench = useWorkbench()
  const [answer, setAnswer] = useState<{ prefix: string; folders: readonly string[] }>({ prefix: '', folders: [] })
  useEffect(() => {
    if (!prefix) return
    let current = true
    workbench.client.call('folders.complete', { prefix }).then(
      (folders) => current && setAnswer({ prefix, folders }),
      () => undefined
    )
    return () => {
      current = false
    }
  }, [prefix, workbench])
  return answer.prefix === prefix ? answer.folders : []
}
