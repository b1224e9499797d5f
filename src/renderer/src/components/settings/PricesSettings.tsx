import { useEffect, useId, useState } from 'react'
import type { PriceTable } from '../../../../shared/costs'
import {
  draftsOf,
  emptyDraft,
  emptyRates,
  fieldKey,
  LONG_CONTEXT_HINT,
  parsePrices,
  RATE_KEYS,
  RATE_LABELS,
  sameTable,
  type PriceDraft,
  type PriceErrors,
  type RateDrafts
} from '../../costs/price-form'
import { useWorkbench } from '../../state/context'

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

interface Loaded {
  defaults: PriceTable
  usingDefaults: boolean
}

interface CellProps {
  id: string
  label: string
  value: string
  problem: string | undefined
  onChange: (text: string) => void
  wide?: boolean
}

function Cell({ id, label, value, problem, onChange, wide }: CellProps): React.JSX.Element {
  return (
    <div className={`price-cell${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <span className="settings-field-error" id={`${id}-error`}>
          {problem}
        </span>
      )}
    </div>
  )
}

interface RatesProps {
  id: string
  row: number
  group: 'rates' | 'longContext'
  rates: RateDrafts
  errors: PriceErrors
  onChange: (rates: RateDrafts) => void
}

function RateCells({ id, row, group, rates, errors, onChange }: RatesProps): React.JSX.Element {
  return (
    <>
      {RATE_KEYS.map((key) => (
        <Cell
          key={key}
          id={`${id}-${row}-${group}-${key}`}
          label={RATE_LABELS[key]}
          value={rates[key]}
          problem={errors[fieldKey(row, group, key)]}
          onChange={(text) => onChange({ ...rates, [key]: text })}
        />
      ))}
    </>
  )
}

interface RowProps {
  id: string
  row: number
  draft: PriceDraft
  errors: PriceErrors
  onChange: (draft: PriceDraft) => void
  onRemove: () => void
}

function PriceRow({ id, row, draft, errors, onChange, onRemove }: RowProps): React.JSX.Element {
  const name = draft.model.trim() || `row ${row + 1}`
  return (
    <fieldset className="price-row" aria-label={`Prices of ${name}`}>
      <div className="price-line">
        <Cell id={`${id}-${row}-model`} label="Model id or prefix" value={draft.model} problem={errors[fieldKey(row, 'model')]} onChange={(model) => onChange({ ...draft, model })} wide />
        <RateCells id={id} row={row} group="rates" rates={draft.rates} errors={errors} onChange={(rates) => onChange({ ...draft, rates })} />
        <Cell
          id={`${id}-${row}-window`}
          label="Context window (tokens)"
          value={draft.contextWindow}
          problem={errors[fieldKey(row, 'contextWindow')]}
          onChange={(contextWindow) => onChange({ ...draft, contextWindow })}
        />
      </div>
      <div className="price-line price-actions">
        <label className="price-long-toggle">
          <input type="checkbox" checked={draft.longContext !== null} onChange={(event) => onChange({ ...draft, longContext: event.target.checked ? emptyRates() : null })} />
          Long-context tier
        </label>
        <button type="button" className="text-button danger" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </div>
      {draft.longContext && (
        <div className="price-line price-long" aria-label={LONG_CONTEXT_HINT}>
          <span className="settings-hint">{LONG_CONTEXT_HINT}</span>
          <RateCells id={id} row={row} group="longContext" rates={draft.longContext} errors={errors} onChange={(longContext) => onChange({ ...draft, longContext })} />
        </div>
      )}
    </fieldset>
  )
}

/**
 * The price table per model id ($ per million tokens), validated with the bridge's own schema
 * before it is sent; the host checks it again. A model missing here shows "price unknown".
 */
export function PricesSettings(): React.JSX.Element {
  const { client } = useWorkbench()
  const id = useId()
  const [drafts, setDrafts] = useState<PriceDraft[] | null>(null)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [errors, setErrors] = useState<PriceErrors>({})
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null)

  useEffect(() => {
    let live = true
    client.call('costs.settings', {}).then(
      (settings) => {
        if (!live) return
        setDrafts(draftsOf(settings.prices))
        setLoaded({ defaults: settings.defaults, usingDefaults: sameTable(settings.prices, settings.defaults) })
      },
      (error: unknown) => live && setMessage({ text: `Prices could not be loaded: ${errorText(error)}`, problem: true })
    )
    return () => {
      live = false
    }
  }, [client])

  if (!drafts || !loaded) return <p className="settings-hint" role={message?.problem ? 'alert' : undefined}>{message?.text ?? 'Loading prices…'}</p>

  const edit = (row: number, draft: PriceDraft): void => setDrafts(drafts.map((old, index) => (index === row ? draft : old)))
  // Problems are keyed by row number: after a removal they would sit on the wrong rows.
  const remove = (row: number): void => {
    setDrafts(drafts.filter((_, index) => index !== row))
    setErrors({})
  }
  const send = (table: PriceTable, done: string): void => {
    client.call('costs.setPrices', { prices: table }).then(
      () => {
        setMessage({ text: done, problem: false })
        setLoaded({ ...loaded, usingDefaults: table.length === 0 || sameTable(table, loaded.defaults) })
        if (table.length === 0) setDrafts(draftsOf(loaded.defaults))
      },
      (error: unknown) => setMessage({ text: `Not saved: ${errorText(error)}`, problem: true })
    )
  }
  const save = (): void => {
    const parsed = parsePrices(drafts)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      setMessage({ text: parsed.errors['table'] ?? 'Not saved: fix the fields marked above.', problem: true })
      return
    }
    setErrors({})
    send(parsed.table, 'Prices saved; every cost is recounted with them.')
  }

  return (
    <form
      aria-label="Model prices"
      className="prices-settings"
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
    >
      <p className="settings-hint">
        Dollars per million tokens. A model id matches its own entry, else the longest entry that is its prefix. {loaded.usingDefaults ? 'These are the defaults.' : 'You changed these from the defaults.'}
      </p>
      {drafts.map((draft, row) => (
        <PriceRow key={row} id={id} row={row} draft={draft} errors={errors} onChange={(next) => edit(row, next)} onRemove={() => remove(row)} />
      ))}
      <div className="settings-actions">
        <button type="button" className="text-button" onClick={() => setDrafts([...drafts, emptyDraft()])}>
          Add model
        </button>
        <button type="button" className="text-button" onClick={() => send([], 'Back to the default prices.')} disabled={loaded.usingDefaults}>
          Reset to defaults
        </button>
        <button type="submit" className="button primary">
          Save prices
        </button>
      </div>
      {message && (
        <p className={message.problem ? 'settings-field-error' : 'settings-hint'} role={message.problem ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  )
}
