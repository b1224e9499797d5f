import { useEffect, useRef, useState } from 'react'
import type { PresetEntry } from '../../../../shared/bridge'
import { useAppState, useWorkbench } from '../../state/context'
import { duplicateDraft, editDraft, newDraft, type PresetDraft } from './config-form'
import { PresetForm } from './PresetForm'
import { PresetList } from './PresetList'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The Presets tab: the list, or the form for one preset in its place. */
export function PresetsPanel(): React.JSX.Element {
  const workbench = useWorkbench()
  const presets = useAppState((s) => s.presets.presets)
  const [draft, setDraft] = useState<PresetDraft | null>(null)
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  /** The accessible name of the button that takes the keyboard once the list is back. */
  const focusTarget = useRef<string | null>(null)
  const panelRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (draft || !focusTarget.current) return
    const target = [...(panelRef.current?.querySelectorAll<HTMLElement>('button') ?? [])].find(
      (button) => (button.getAttribute('aria-label') ?? button.textContent) === focusTarget.current
    )
    // The list may not show the preset yet (the refresh is on its way): the next render tries again.
    if (!target) return
    target.focus()
    focusTarget.current = null
  }, [draft, presets, status])

  const open = (next: PresetDraft): void => {
    setStatus(null)
    setDraft(next)
  }

  const saved = (preset: PresetEntry): void => {
    const renamed = draft?.mode === 'edit' && draft.source !== preset.name ? ` (was ${draft.source ?? ''})` : ''
    setDraft(null)
    setStatus({ text: `Saved preset ${preset.name}${renamed}.` })
    focusTarget.current = `Edit preset ${preset.name}`
    void workbench.refreshPresets()
  }

  const cancel = (): void => {
    focusTarget.current = draft?.source ? `Edit preset ${draft.source}` : 'New preset'
    setDraft(null)
  }

  const remove = async (preset: PresetEntry): Promise<void> => {
    setBusy(preset.name)
    try {
      await workbench.client.call('presets.delete', { name: preset.name })
      const restored = preset.origin === 'shadowing' ? ' The built-in is back.' : ''
      setStatus({ text: `Deleted preset ${preset.name}.${restored}` })
      focusTarget.current = preset.origin === 'shadowing' ? `Edit preset ${preset.name}` : 'New preset'
      await workbench.refreshPresets()
    } catch (error) {
      // The confirm button is gone: the keyboard goes back to the row's Delete.
      focusTarget.current = `Delete preset ${preset.name}${preset.origin === 'shadowing' ? ' (restore built-in)' : ''}`
      setStatus({ text: `Could not delete ${preset.name}: ${errorText(error)}`, error: true })
    } finally {
      setBusy(null)
    }
  }

  const taken = new Set(presets.map((preset) => preset.name))
  return (
    <div ref={panelRef}>
      <p className="settings-status" role="status">
        {!draft && status && !status.error ? status.text : ''}
      </p>
      {!draft && status?.error && (
        <p className="settings-error" role="alert">
          {status.text}
        </p>
      )}
      {draft ? (
        <PresetForm draft={draft} presets={presets} onSaved={saved} onCancel={cancel} />
      ) : (
        <PresetList
          presets={presets}
          busy={busy}
          onNew={() => open(newDraft())}
          onEdit={(preset) => open(editDraft(preset))}
          onDuplicate={(preset) => open(duplicateDraft(preset, taken))}
          onDelete={(preset) => void remove(preset)}
        />
      )}
    </div>
  )
}
