import { formatChord, KEYMAP } from '../keymap'
import { useWorkbench } from '../state/context'
import { Dialog } from './Dialog'

/** The keymap table, rendered from the very table the key handler uses. */
export function HelpOverlay(): React.JSX.Element {
  const workbench = useWorkbench()
  return (
    <Dialog title="Keyboard shortcuts" className="help" onClose={() => workbench.setOverlay(null)}>
      <table className="keymap">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {KEYMAP.map((binding) => (
            <tr key={binding.command} data-command={binding.command}>
              <td>{binding.label}</td>
              <td>
                {binding.chords.map((chord, i) => (
                  <span key={formatChord(chord)}>
                    {i > 0 && <span className="or"> or </span>}
                    <kbd>{formatChord(chord)}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dialog-footnote">
        Every other key goes to the terminal, including Ctrl+C, Ctrl+D, Esc, arrows and Alt. Drag a divider to resize
        panes; double-click it to even them out.
      </p>
    </Dialog>
  )
}
