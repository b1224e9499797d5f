import { z } from 'zod'
import { PresetName } from '../../shared/agent-config'
import { calls, PaneId, PaneKind } from '../../shared/bridge'
import { KEY_NAMES } from './keys'

// The MCP tools' inputs, built from the bridge's own schemas (src/shared) so a value the
// app would refuse is refused here in the same words; the host's dispatcher checks them again.

const create = calls['pane.create'].input.shape
const paneId = PaneId.describe('The pane id (a UUID), as tessera_list_panes or tessera_create_pane return it.')

/** The longest time a waiting tool blocks; MCP clients time requests out (the SDK after 60 s unless progress resets it). */
export const MAX_WAIT_MS = 600_000
export const DEFAULT_WAIT_MS = 45_000

export const CreatePaneInput = z
  .object({
    kind: PaneKind.describe('What runs in the pane: "claude" (Claude Code), "codex", "gemini", or "shell" (the user\'s login shell).'),
    cwd: create.cwd.describe('Folder the pane starts in (absolute, or ~/…). Default: the workspace folder, or the folder of the pane in `beside`. Must exist.'),
    model: create.model.describe(
      'Model for an agent pane: an alias (Claude: "haiku", "sonnet", "opus") or a full model id. May be combined with `preset` or `config`; it overrides their model.'
    ),
    preset: PresetName.optional().describe('A named preset (tessera_list_presets lists them, e.g. "haiku-worker"). Exclusive with `config`.'),
    config: create.config.describe(
      'An agent config object for this pane alone (fields as in a preset\'s config: model, effort, permissionMode, contextLimit, …). Exclusive with `preset`.'
    ),
    prompt: calls['pane.write'].input.shape.data
      .min(1)
      .optional()
      .describe('A first prompt (Claude panes): submitted once the agent is idle at its prompt; the result then carries its `turn` for tessera_wait_for_turn.'),
    beside: create.beside.describe('Where the new pane goes in the grid: next to pane `paneId`, on its `edge` (left, right, top, bottom). Default: beside the last pane.')
  })
  .strict()
export type CreatePaneInput = z.output<typeof CreatePaneInput>

export const PaneRefInput = z.object({ paneId }).strict()

export const SendPromptInput = z
  .object({
    paneId,
    text: calls['pane.write'].input.shape.data.min(1).describe('The prompt, as the user would type it; newlines are kept (it is pasted, then Enter is pressed).')
  })
  .strict()

export const WaitForTurnInput = z
  .object({
    paneId,
    turn: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('The `turn` tessera_send_prompt or tessera_create_pane returned. Default: the last turn started over MCP in this pane.'),
    timeoutMs: z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_MS)
      .default(DEFAULT_WAIT_MS)
      .describe(`How long to block, in ms (default ${DEFAULT_WAIT_MS}, at most ${MAX_WAIT_MS}). On timeout the result says "timeout"; call again to keep waiting.`)
  })
  .strict()

export const ReadOutputInput = z
  .object({
    paneId,
    lines: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .optional()
      .describe('Return the last N lines of scrollback and screen instead of the visible screen.')
  })
  .strict()

const KeyItem = z.union([
  z.object({ text: calls['pane.write'].input.shape.data.min(1).describe('Text typed as is.') }).strict(),
  z.object({ key: z.string().min(1).max(40).describe(`A named key: ${KEY_NAMES.join(', ')}.`) }).strict()
])

export const SendKeysInput = z
  .object({
    paneId,
    keys: z
      .array(KeyItem)
      .min(1)
      .max(100)
      .describe('Typed in order, e.g. [{"text":"ls -la"},{"key":"Enter"}] or [{"key":"Down"},{"key":"Enter"}] to answer a dialog.')
  })
  .strict()

export const SetModelInput = z
  .object({
    paneId,
    model: calls['pane.setModel'].input.shape.model.describe('An alias ("haiku", "sonnet", "opus") or a full model id.')
  })
  .strict()

export const EmptyInput = z.object({}).strict()
