import { PICKER_MODELS, type ConfigField } from '../../../../shared/agent-config'
import { FIELD_SPECS, fieldsFor, optionLabel, optionsFor, type FieldErrors, type FormValues, type PresetKind } from './config-form'

interface Props {
  /** Prefix for element ids, unique per form on the page. */
  idPrefix: string
  kind: PresetKind
  values: FormValues
  errors: FieldErrors
  onChange: (field: ConfigField, value: string) => void
}

/** The config fields `kind` supports, each labelled, with its hint and problem tied to it. */
export function ConfigFields({ idPrefix, kind, values, errors, onChange }: Props): React.JSX.Element {
  return (
    <div className="settings-fields">
      {fieldsFor(kind).map((field) => {
        const spec = FIELD_SPECS[field]
        const id = `${idPrefix}-${field}`
        const error = errors[field]
        const describedBy = [spec.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
        const common = {
          id,
          name: field,
          value: values[field],
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy
        }
        const wide = spec.control === 'textarea' || spec.control === 'list' || spec.control === 'env'
        return (
          <div key={field} className={`settings-field${wide ? ' wide' : ''}`}>
            <label htmlFor={id}>{spec.label}</label>
            {spec.control === 'select' ? (
              <select {...common} onChange={(event) => onChange(field, event.target.value)}>
                <option value="">not set</option>
                {optionsFor(kind, field).map((option) => (
                  <option key={option} value={option}>
                    {optionLabel(option)}
                  </option>
                ))}
              </select>
            ) : wide ? (
              <textarea
                {...common}
                rows={field === 'appendSystemPrompt' ? 3 : 2}
                spellCheck={field === 'appendSystemPrompt'}
                onChange={(event) => onChange(field, event.target.value)}
              />
            ) : (
              <input
                {...common}
                type="text"
                autoComplete="off"
                spellCheck={false}
                inputMode={spec.control === 'number' ? 'numeric' : undefined}
                list={spec.control === 'model' ? `${idPrefix}-models` : undefined}
                placeholder={spec.control === 'model' ? modelPlaceholder(kind, field) : undefined}
                onChange={(event) => onChange(field, event.target.value)}
              />
            )}
            {spec.hint && (
              <span className="settings-hint" id={`${id}-hint`}>
                {spec.hint}
              </span>
            )}
            {error && (
              <span className="settings-field-error" id={`${id}-error`}>
                {error}
              </span>
            )}
          </div>
        )
      })}
      <datalist id={`${idPrefix}-models`}>
        {PICKER_MODELS[kind].map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </div>
  )
}

/** "e.g. opus"; the fallback takes a list, so its example is one. */
function modelPlaceholder(kind: PresetKind, field: ConfigField): string {
  const models = PICKER_MODELS[kind]
  return field === 'fallbackModel' && models.length > 2 ? `e.g. ${models[1]}, ${models[2]}` : `e.g. ${models[0] ?? ''}`
}
