// Dialogs that no hook names, recognised by what they print. Only lines that show while
// the dialog is open count (its key hints), never text that stays in the conversation.

const SCREEN_REASONS: ReadonlyArray<[RegExp, string]> = [
  // Claude Code 2.1.33x, auto mode behind a non-first-party API URL: "Auto mode can't check actions in this session".
  [/Enter to stay in auto mode/, "auto mode can't check actions"]
]

/**
 * Claude Code's spinner row while it retries a 429/529 (up to 10 tries over about two
 * minutes; no hook and no status-file write says so): "✻ API error · Retrying in 2s ·
 * attempt 2/10" (2.1.197), "✻ 529 Overloaded · retrying in 3s · attempt 3/10" (2.1.332).
 */
const RETRY_ROW = /^\s*\S\s+(.+?) · [Rr]etrying in \d+\s*s · attempt (\d+)\/(\d+)/

/** What a working pane's screen says it retries, as the badge's reason, or undefined. */
export function retryOnScreen(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = RETRY_ROW.exec(line)
    if (match) return `retrying after ${match[1]} (attempt ${match[2]}/${match[3]})`
  }
  return undefined
}

/** Why a waiting pane waits, as its screen shows it, or undefined. */
export function reasonOnScreen(lines: readonly string[]): string | undefined {
  const text = lines.join('\n')
  return SCREEN_REASONS.find(([pattern]) => pattern.test(text))?.[1]
}
