import { z } from 'zod'

/** What the global hotkeys do; Electron's globalShortcut carries them out. */
export type HotkeyAction = 'toggleWindow' | 'nextAttention'

export const DEFAULT_HOTKEYS: Readonly<Record<HotkeyAction, string>> = {
  toggleWindow: 'CommandOrControl+Alt+T',
  nextAttention: 'CommandOrControl+Alt+N'
}

const MODIFIERS = ['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta']
const KEY = /^([A-Z0-9]|F([1-9]|1\d|2[0-4])|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|Plus|[-=[\]\\;',./`])$/

/** Why `accelerator` is not a valid Electron accelerator with a modifier, or undefined. */
export function acceleratorProblem(accelerator: string): string | undefined {
  const parts = accelerator.split('+')
  const key = parts.pop() ?? ''
  if (parts.length === 0) return `"${accelerator}" needs a modifier (e.g. CommandOrControl+Alt+${key || 'T'}), or it would steal a key from every app`
  const unknown = parts.find((part) => !MODIFIERS.includes(part))
  if (unknown) return `"${unknown}" in "${accelerator}" is not a modifier (use ${MODIFIERS.slice(0, 7).join(', ')}…)`
  if (!KEY.test(key)) return `"${key}" in "${accelerator}" is not a key Electron knows`
  return undefined
}

export const HotkeySettings = z
  .object({
    toggleWindow: z.string().optional(),
    nextAttention: z.string().optional()
  })
  .strict()

export interface HotkeyRegistrar {
  /** False when another application holds the accelerator. */
  register(accelerator: string, callback: () => void): boolean
  unregisterAll(): void
}

export interface HotkeyProblem {
  action: HotkeyAction
  accelerator: string
  reason: string
}

/**
 * Registers each action's accelerator (the user's, else the default) and reports
 * every one that is invalid or already taken; the others still work.
 */
export function registerHotkeys(
  registrar: HotkeyRegistrar,
  configured: Partial<Record<HotkeyAction, string>>,
  actions: Record<HotkeyAction, () => void>
): HotkeyProblem[] {
  registrar.unregisterAll()
  const problems: HotkeyProblem[] = []
  const seen = new Map<string, HotkeyAction>()
  for (const action of Object.keys(DEFAULT_HOTKEYS) as HotkeyAction[]) {
    const accelerator = configured[action] ?? DEFAULT_HOTKEYS[action]
    const invalid = acceleratorProblem(accelerator)
    const duplicate = seen.get(accelerator)
    const reason = invalid ?? (duplicate ? `already used for ${duplicate}` : undefined)
    if (reason) {
      problems.push({ action, accelerator, reason })
      continue
    }
    seen.set(accelerator, action)
    if (!registrar.register(accelerator, actions[action])) problems.push({ action, accelerator, reason: 'another application already uses it' })
  }
  return problems
}
