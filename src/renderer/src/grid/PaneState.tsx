import type { PaneInfo } from '../../../shared/bridge'
import { RestartIcon } from '../components/Icons'
import { useWorkbench } from '../state/context'
import { exitText, FAILED_TEXT } from './header-content'

/**
 * Exit code and Restart once the process ended; a short badge when it never started.
 * A narrow header shows the badges as dots (their text in the tooltip) and has
 * Restart in its overflow menu instead.
 */
export function PaneState({ paneId, pane, dot, overflow }: { paneId: string; pane: PaneInfo | undefined; dot: boolean; overflow: boolean }): React.JSX.Element | null {
  const workbench = useWorkbench()
  if (pane?.error) return <TextBadge className="failed" text={FAILED_TEXT} dot={dot} />
  // A restart after a crash is due: its countdown and Cancel take this place (CrashRestartBadge).
  if (!pane?.exit || pane.autoRestart?.scheduled) return null
  return (
    <>
      <TextBadge className={pane.exit.exitCode === 0 ? 'exited' : 'failed'} text={exitText(pane.exit)} dot={dot} />
      {!overflow && (
        <button
          type="button"
          className="text-button"
          aria-label="Restart pane"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => workbench.restart(paneId)}
        >
          <RestartIcon /> Restart
        </button>
      )}
    </>
  )
}

/** A header badge in words, or as a dot whose tooltip and accessible name keep the words. */
export function TextBadge({ className, text, dot, title }: { className: string; text: string; dot: boolean; title?: string }): React.JSX.Element {
  return (
    <span className={`pane-badge ${className}`} data-dot={dot ? '' : undefined} role="status" aria-label={text} title={title ?? text}>
      {dot ? <span className="status-dot" aria-hidden="true" /> : text}
    </span>
  )
}
