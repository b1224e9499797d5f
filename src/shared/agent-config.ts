import { z } from 'zod'
import type { PaneKind } from './bridge'

// What each agent kind can be configured with, validated the same way in main
// (before any process starts) and in the renderer (while the user types).

export const CLAUDE_MODEL_ALIASES = ['opus', 'sonnet', 'haiku', 'opusplan', 'fable', 'default', 'best'] as const
/** What the model picker offers first; any full model id can be typed in too. */
export const PICKER_MODELS: Readonly<Record<PaneKind, readonly string[]>> = {
  claude: ['opus', 'sonnet', 'haiku', 'opusplan', 'fable'],
  codex: ['gpt-5-codex', 'gpt-5', 'o3'],
  gemini: ['pro', 'flash', 'flash-lite'],
  shell: []
}

const CLAUDE_MODEL = new RegExp(`^(?:${CLAUDE_MODEL_ALIASES.join('|')}|claude-[a-z0-9][a-z0-9.-]*)(?:\\[1m\\])?$`)
const CODEX_MODEL = /^[a-z0-9][a-z0-9._-]{0,63}$/
const GEMINI_MODEL = /^(?:auto|pro|flash|flash-lite|gemini-[a-z0-9][a-z0-9.-]*)$/

export const AGENT_LABELS: Readonly<Record<PaneKind, string>> = {
  shell: 'a shell pane',
  claude: 'Claude Code',
  codex: 'Codex CLI',
  gemini: 'Gemini CLI'
}

/** Undefined when `model` is a model `kind` accepts, else why not. */
export function modelProblem(kind: PaneKind, model: string): string | undefined {
  const rules: Record<PaneKind, { pattern: RegExp; hint: string } | undefined> = {
    claude: { pattern: CLAUDE_MODEL, hint: `an alias (${PICKER_MODELS.claude.join(', ')}) or a full id such as claude-sonnet-5` },
    codex: { pattern: CODEX_MODEL, hint: 'a model id such as gpt-5-codex' },
    gemini: { pattern: GEMINI_MODEL, hint: 'pro, flash, flash-lite or a full id such as gemini-2.5-pro' },
    shell: undefined
  }
  const rule = rules[kind]
  if (!rule) return `${AGENT_LABELS[kind]} has no model`
  return rule.pattern.test(model) ? undefined : `Unknown model "${model}" for ${AGENT_LABELS[kind]}: use ${rule.hint}`
}

const modelFor = (kind: PaneKind): z.ZodType<string> =>
  z.string().superRefine((model, ctx) => {
    const problem = modelProblem(kind, model)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** Comma-separated models, tried in order (Claude Code's --fallback-model takes such a list). */
const modelListFor = (kind: PaneKind): z.ZodType<string> =>
  z.string().superRefine((list, ctx) => {
    for (const model of list.split(',').map((part) => part.trim())) {
      const problem = modelProblem(kind, model)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }
  })

/** The smallest auto-compact window Claude Code 2.1 accepts. */
export const CLAUDE_MIN_CONTEXT = 100_000

const ToolList = z.array(z.string().min(1)).max(200)
const DirList = z.array(z.string().min(1)).max(50)
const Env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string())

export const Effort = z.enum(['low', 'medium', 'high', 'xhigh', 'max'])
/** Every mode a supported Claude Code names; `manual` (2.1.33x) and `default` (older) are one mode under two names. */
export const PermissionMode = z.enum(['default', 'manual', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'])
export type PermissionMode = z.output<typeof PermissionMode>
export const Isolation = z.enum(['shared', 'isolated'])
export type Isolation = z.output<typeof Isolation>

/** Claude Code's flags and env, one field each (see claude-code-facts.md). */
export const ClaudeConfig = z
  .object({
    model: modelFor('claude'),
    fallbackModel: modelListFor('claude'),
    effort: Effort,
    permissionMode: PermissionMode,
    appendSystemPrompt: z.string().max(20_000),
    allowedTools: ToolList,
    disallowedTools: ToolList,
    addDirs: DirList,
    env: Env,
    /**
     * Tokens; becomes the CLI's auto-compact window. Claude Code raises anything
     * below 100k to 100k and caps it at the model's own window (seen in /context).
     */
    contextLimit: z
      .number()
      .int()
      .min(CLAUDE_MIN_CONTEXT, "Claude Code's auto-compact window cannot go below 100000 tokens (the CLI raises lower values to 100k)")
      .max(1_000_000),
    isolation: Isolation,
    /**
     * Adds Tessera's own MCP server to the pane (its tools allowed without a prompt), so the
     * pane's agent can create panes, prompt them and collect their answers.
     */
    orchestrator: z.boolean()
  })
  .partial()
  .strict()

/** Codex CLI: `--model` and `-c model_reasoning_effort=…`. */
export const CodexConfig = z
  .object({ model: modelFor('codex'), effort: z.enum(['low', 'medium', 'high']), env: Env })
  .partial()
  .strict()

/** Gemini CLI: `--model` and `--include-directories`. */
export const GeminiConfig = z.object({ model: modelFor('gemini'), addDirs: DirList, env: Env }).partial().strict()

export const ShellConfig = z.object({ env: Env }).partial().strict()

export const AGENT_CONFIG_SCHEMAS = {
  claude: ClaudeConfig,
  codex: CodexConfig,
  gemini: GeminiConfig,
  shell: ShellConfig
} as const satisfies Record<PaneKind, z.ZodType>

/** Every field any kind knows; a layer of the merge is a partial of these. */
export type AgentConfig = Partial<z.output<typeof ClaudeConfig> & z.output<typeof CodexConfig> & z.output<typeof GeminiConfig>>
export type ConfigField = keyof AgentConfig

export const CONFIG_FIELDS = Object.keys(ClaudeConfig.shape) as ConfigField[]

export function supportedFields(kind: PaneKind): string[] {
  return Object.keys(AGENT_CONFIG_SCHEMAS[kind].shape)
}

export type ConfigCheck = { ok: true; config: AgentConfig } | { ok: false; message: string }

/**
 * Validates one layer of config for `kind`. A field the kind cannot honour is an
 * error that names it, never silently dropped.
 */
export function checkAgentConfig(kind: PaneKind, raw: unknown): ConfigCheck {
  const parsed = AGENT_CONFIG_SCHEMAS[kind].safeParse(raw)
  if (parsed.success) return { ok: true, config: parsed.data as AgentConfig }
  const messages = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((key) => `"${key}"`).join(', ')
      return `${AGENT_LABELS[kind]} does not support ${names} (it supports: ${supportedFields(kind).join(', ')})`
    }
    const path = issue.path.join('.')
    return path ? `${path}: ${issue.message}` : issue.message
  })
  return { ok: false, message: messages.join('; ') }
}

export const PresetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'lower-case letters, digits, ".", "_" or "-", at most 40 characters')

/** A named config for one agent kind; `config` is checked against that kind. */
export const PresetInput = z
  .object({
    name: PresetName,
    kind: z.enum(['claude', 'codex', 'gemini']).default('claude'),
    description: z.string().max(200).optional(),
    config: z.record(z.string(), z.unknown())
  })
  .strict()

export interface Preset {
  name: string
  kind: PaneKind
  description?: string
  config: AgentConfig
}

export type ConfigLevel = 'default' | 'workspace' | 'preset' | 'pane' | 'override'

/** Where one resolved value came from. */
export interface ConfigSource {
  level: ConfigLevel
  /** The preset's name, for level "preset". */
  preset?: string
}

export function describeSource(source: ConfigSource): string {
  const labels: Record<ConfigLevel, string> = {
    default: 'Tessera default',
    workspace: 'workspace default',
    preset: `preset ${source.preset ?? ''}`.trim(),
    pane: 'pane config',
    override: 'pane override'
  }
  return labels[source.level]
}

/** Renders a value for the tooltip and the log: short and on one line. */
export function formatConfigValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ')
  if (value && typeof value === 'object') return Object.keys(value).join(', ')
  const text = String(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}
