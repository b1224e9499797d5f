// Dialogs that no hook names, recognised by what they print. Only lines that show while
// the dialog is open count (its key hints), never text that stays in the conversation.

const SCREEN_REASONS: ReadonlyArray<[RegExp, string]> = [
  // Claude Code 2.1.33x, auto mode behind a non-first-party API URL: "Auto mode can't check actions in this session".
  [/Enter to stay in auto mode/, "auto mode can't check actions"]
]

/** Why a waiting pane waits, as its screen shows it, or undefined. */
export function reasonOnScreen(lines: readonly string[]): string | undefined {
  const text = lines.join('\n')
  return SCREEN_REASONS.find(([pattern]) => pattern.test(text))?.[1]
}
