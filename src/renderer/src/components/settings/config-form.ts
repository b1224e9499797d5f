import {
  checkAgentConfig,
  CLAUDE_MIN_CONTEXT,
  CodexConfig,
  Effort,
  Isolation,
  PermissionMode,
  PresetName,
  supportedFields,
  type ConfigField
} from '../../../../shared/agent-config'

// Pure helpers between the settings forms (one string per field, as typed) and
// the config objects the bridge carries. No React here, so they are unit-tested.

export const PRESET_KINDS = ['claude', 'codex', 'gemini'] as const
export type PresetKind = (typeof PRESET_KINDS)[number]

export const isPresetKind = (kind: string): kind is PresetKind => (PRESET_KINDS as readonly string[]).includes(kind)

/** What the user typed, one string per field; "" means not set. */
export type FormValues = Record<ConfigField, string>

export type FieldControl = 'model' | 'select' | 'text' | 'number' | 'textarea' | 'list' | 'env'

export interface FieldSpec {
  label: string
  control: FieldControl
  hint?: string
}

/** Every field in the order the form shows it. */
export const FIELD_SPECS: Readonly<Record<ConfigField, FieldSpec>> = {
  model: { label: 'Model', control: 'model', hint: 'Pick a suggestion or type a full model id.' },
  fallbackModel: {
    label: 'Fallback model',
    control: 'model',
    hint: 'Used when the model is overloaded; a comma-separated list is tried in order. Claude Code before 2.1.33x uses it in --print mode only.'
  },
  effort: { label: 'Effort', control: 'select' },
  permissionMode: { label: 'Permission mode', control: 'select' },
  contextLimit: {
    label: 'Context limit',
    control: 'number',
    hint: `Tokens before auto-compact, ${CLAUDE_MIN_CONTEXT} to 1000000 (200000 or 200k).`
  },
  isolation: { label: 'Config directory', control: 'select', hint: 'Shared uses your own login; isolated gives each pane its own.' },
  orchestrator: { label: 'Orchestrator', control: 'select', hint: "Gives the agent Tessera's MCP tools, so it can create panes, prompt them and collect their answers." },
  appendSystemPrompt: { label: 'Append to system prompt', control: 'textarea' },
  allowedTools: { label: 'Allowed tools', control: 'list', hint: 'Comma- or newline-separated, e.g. Read, Bash(git log:*).' },
  disallowedTools: { label: 'Disallowed tools', control: 'list', hint: 'Comma- or newline-separated.' },
  addDirs: { label: 'Extra directories', control: 'list', hint: 'Folders the agent may also use; one per line or comma-separated.' },
  env: { label: 'Environment', control: 'env', hint: 'One KEY=value per line.' }
}

const ORDER = Object.keys(FIELD_SPECS) as ConfigField[]

/** The fields `kind` supports, in form order. */
export function fieldsFor(kind: PresetKind): ConfigField[] {
  const supported = new Set(supportedFields(kind))
  return ORDER.filter((field) => supported.has(field))
}

const SELECT_OPTIONS: Readonly<Record<PresetKind, Partial<Record<ConfigField, readonly string[]>>>> = {
  claude: { effort: Effort.options, permissionMode: PermissionMode.options, isolation: Isolation.options, orchestrator: ['true', 'false'] },
  codex: { effort: CodexConfig.shape.effort.unwrap().options },
  gemini: {}
}

/** The choices of a select field for `kind` (empty for other controls). */
export function optionsFor(kind: PresetKind, field: ConfigField): readonly string[] {
  return SELECT_OPTIONS[kind][field] ?? []
}

// Claude Code 2.1.33x renamed the `default` permission mode `manual`: both stay
// choosable (a preset may outlive the CLI it was written for), and say so.
const OPTION_LABELS: Readonly<Record<string, string>> = {
  shared: 'shared (your login)',
  isolated: 'isolated (own config per pane)',
  manual: 'manual (called default before Claude Code 2.1.33x)',
  default: 'default (called manual from Claude Code 2.1.33x)',
  true: "on (Tessera's MCP tools)",
  false: 'off'
}

/** How a select shows one of its choices. */
export const optionLabel = (option: string): string => OPTION_LABELS[option] ?? option

export function emptyValues(): FormValues {
  return Object.fromEntries(ORDER.map((field) => [field, ''])) as FormValues
}

// ------------------------------------------------------------ lists and env

/**
 * Splits on commas and newlines, trims, drops blanks. A comma inside parentheses
 * stays (tool rules such as `Bash(git diff:*, --stat)` keep their argument).
 */
export function parseList(text: string): string[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  for (const char of text) {
    if (char === '(') depth += 1
    if (char === ')') depth = Math.max(0, depth - 1)
    if (char === '\n' || char === '\r' || (char === ',' && depth === 0)) {
      items.push(current)
      current = ''
    } else {
      current += char
    }
  }
  items.push(current)
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** One item per line, the way the form shows a stored list. */
export const formatList = (items: readonly string[]): string => items.join('\n')

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

/** `KEY=value` lines; blank lines and `#` comments are skipped, the value may contain "=". */
export function parseEnv(text: string): Parsed<Record<string, string>> {
  const env: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const equals = line.indexOf('=')
    if (equals <= 0) return { ok: false, message: `line ${index + 1} ("${line}") is not KEY=value` }
    const key = line.slice(0, equals).trim()
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      return { ok: false, message: `line ${index + 1}: "${key}" is not a valid variable name (letters, digits, _)` }
    }
    env[key] = line.slice(equals + 1).trim()
  }
  return { ok: true, value: env }
}

export const formatEnv = (env: Readonly<Record<string, string>>): string =>
  Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')

/** A whole number of tokens; "200000", "200_000", "200,000" and "200k" all read as 200000. */
export function parseTokens(text: string): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim().replace(/[\s_,]/g, ''))
  const scale = { '': 1, k: 1_000, m: 1_000_000 }
  const number = match ? Number(match[1]) * scale[(match[2] ?? '').toLowerCase() as keyof typeof scale] : NaN
  if (!Number.isSafeInteger(number)) return { ok: false, message: `"${text.trim()}" is not a whole number of tokens` }
  return { ok: true, value: number }
}

// ------------------------------------------------------------ values <-> config

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string')

/** A stored config as form strings; fields it lacks stay "". */
export function valuesFromConfig(config: Readonly<Record<string, unknown>>): FormValues {
  const values = emptyValues()
  for (const field of ORDER) {
    const value = config[field]
    if (value === undefined || value === null) continue
    const { control } = FIELD_SPECS[field]
    if (control === 'list' && isStringArray(value)) values[field] = formatList(value)
    else if (control === 'env' && isStringRecord(value)) values[field] = formatEnv(value)
    else if (typeof value === 'string' || typeof value === 'number') values[field] = String(value)
    else values[field] = JSON.stringify(value)
  }
  return values
}

export type FieldErrors = Partial<Record<ConfigField, string>>

/** On failure `config` still holds the fields that could be read, so their problems show too. */
export type ConfigBuild = { ok: true; config: Record<string, unknown> } | { ok: false; errors: FieldErrors; config: Record<string, unknown> }

/**
 * The config for `kind` from what the user typed: only fields `kind` supports,
 * empty ones left out (absent, never ""). Fails only where the text cannot be read
 * at all (a context limit that is not a number, an env line without "="); whether
 * the values are acceptable is for `fieldProblems` and, finally, the host.
 */
export function configFromValues(kind: PresetKind, values: Readonly<FormValues>): ConfigBuild {
  const config: Record<string, unknown> = {}
  const errors: FieldErrors = {}
  for (const field of fieldsFor(kind)) {
    const text = values[field]
    const { control } = FIELD_SPECS[field]
    if (control === 'list') {
      const items = parseList(text)
      if (items.length > 0) config[field] = items
    } else if (control === 'env') {
      const env = parseEnv(text)
      if (!env.ok) errors[field] = env.message
      else if (Object.keys(env.value).length > 0) config[field] = env.value
    } else if (control === 'number') {
      if (text.trim() === '') continue
      const tokens = parseTokens(text)
      if (tokens.ok) config[field] = tokens.value
      else errors[field] = tokens.message
    } else if (field === 'fallbackModel') {
      // A list of models, tried in order: stored as "opus,sonnet" however it was spaced.
      const models = text
        .split(',')
        .map((model) => model.trim())
        .filter((model) => model !== '')
      if (models.length > 0) config[field] = models.join(',')
    } else if (field === 'orchestrator') {
      // A yes/no field: the select's "true"/"false" as the boolean the schema takes.
      if (text === 'true' || text === 'false') config[field] = text === 'true'
    } else if (control === 'textarea') {
      // A prompt keeps its inner line breaks; only surrounding blank space goes.
      if (text.trim() !== '') config[field] = text.trim()
    } else if (text.trim() !== '') {
      config[field] = text.trim()
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, config } : { ok: true, config }
}

/** Field by field, what the shared schema says is wrong with a config (the host says the same). */
export function fieldProblems(kind: PresetKind, config: Readonly<Record<string, unknown>>): FieldErrors {
  const problems: FieldErrors = {}
  for (const field of fieldsFor(kind)) {
    if (config[field] === undefined) continue
    const checked = checkAgentConfig(kind, { [field]: config[field] })
    // "contextLimit: cannot go below …" → "cannot go below …": the field's label already says which.
    if (!checked.ok) problems[field] = checked.message.replace(new RegExp(`^${field}(?:\\.[^:]*)?:\\s*`), '')
  }
  return problems
}

/** Every field's problem at once: text that cannot be read, and what the schema says of the rest. */
export function formProblems(kind: PresetKind, values: Readonly<FormValues>): FieldErrors {
  const built = configFromValues(kind, values)
  return built.ok ? fieldProblems(kind, built.config) : { ...fieldProblems(kind, built.config), ...built.errors }
}

// ------------------------------------------------------------ names, folders, summaries

/** Why a preset name is refused, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Give the preset a name.'
  const parsed = PresetName.safeParse(name)
  return parsed.success ? undefined : `Use ${parsed.error.issues[0]?.message ?? 'a shorter, simpler name'}.`
}

/** `<name>-copy`, then `<name>-copy-2`, … : the first not in `taken`, within the 40-character limit. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`
    const candidate = `${name.slice(0, 40 - suffix.length)}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}

/** Trims the folder and drops a trailing separator, so "/src/app/" and "/src/app" are one workspace. */
export function normalizeFolder(folder: string): string {
  const trimmed = folder.trim()
  const stripped = trimmed.replace(/[\\/]+$/, '')
  if (stripped === '' && trimmed !== '') return trimmed.slice(0, 1)
  if (/^[A-Za-z]:$/.test(stripped)) return `${stripped}${trimmed.charAt(2) || '\\'}`
  return stripped
}

export function folderProblem(folder: string): string | undefined {
  const trimmed = folder.trim()
  if (trimmed === '') return 'Enter a project folder.'
  if (!/^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(trimmed)) return 'Use an absolute path, such as /home/you/project.'
  return undefined
}

/** "tokens" as people say them: 200000 → "200k", 1000000 → "1M". */
export function formatTokens(tokens: number): string {
  if (tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`
  if (tokens % 1_000 === 0) return `${tokens / 1_000}k`
  return String(tokens)
}

/** One short line for a list row: "model opus · context 200k · effort high". */
export function summarizeConfig(config: Readonly<Record<string, unknown>>): string {
  const parts: string[] = []
  for (const field of ORDER) {
    const value = config[field]
    if (value === undefined) continue
    if (field === 'contextLimit' && typeof value === 'number') parts.push(`context ${formatTokens(value)}`)
    else if (field === 'appendSystemPrompt') parts.push('system prompt')
    else if (Array.isArray(value)) parts.push(`${FIELD_SPECS[field].label.toLowerCase()} ${value.length}`)
    else if (typeof value === 'object' && value !== null) parts.push(`env ${Object.keys(value).join(', ')}`)
    else parts.push(`${field === 'model' ? 'model' : FIELD_SPECS[field].label.toLowerCase()} ${String(value)}`)
  }
  return parts.join(' · ')
}

// ------------------------------------------------------------ preset drafts

/** A preset as the form edits it. */
export interface PresetDraft {
  /** "new", "edit" (a user preset: a new name renames it), "customise" (a built-in: saving shadows it), "duplicate". */
  mode: 'new' | 'edit' | 'customise' | 'duplicate'
  /** The preset this draft started from. */
  source?: string
  name: string
  kind: PresetKind
  description: string
  values: FormValues
}

export interface PresetLike {
  name: string
  kind: string
  description?: string
  config: Readonly<Record<string, unknown>>
  origin: 'builtin' | 'user' | 'shadowing'
}

export function newDraft(): PresetDraft {
  return { mode: 'new', name: '', kind: 'claude', description: '', values: emptyValues() }
}

export function editDraft(preset: PresetLike): PresetDraft {
  return {
    mode: preset.origin === 'builtin' ? 'customise' : 'edit',
    source: preset.name,
    name: preset.name,
    kind: isPresetKind(preset.kind) ? preset.kind : 'claude',
    description: preset.description ?? '',
    values: valuesFromConfig(preset.config)
  }
}

export function duplicateDraft(preset: PresetLike, taken: ReadonlySet<string>): PresetDraft {
  return { ...editDraft(preset), mode: 'duplicate', name: copyName(preset.name, taken) }
}

/** `replaces` for presets.save: set only when a user preset is saved under a new name. */
export function replacesFor(draft: PresetDraft, name: string): string | undefined {
  return draft.mode === 'edit' && draft.source !== undefined && draft.source !== name ? draft.source : undefined
}

/**
 * Why this name cannot be used (another preset of yours has it), or undefined.
 * A built-in's name is fine: saving shadows it.
 */
export function nameClash(draft: PresetDraft, name: string, presets: readonly PresetLike[]): string | undefined {
  const other = presets.find((preset) => preset.name === name && preset.origin !== 'builtin')
  if (!other || (draft.mode !== 'duplicate' && draft.mode !== 'new' && draft.source === name)) return undefined
  return `You already have a preset named "${name}": choose another name, or edit that one.`
}
