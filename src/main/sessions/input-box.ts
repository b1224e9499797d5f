// Claude Code's input box as its screen shows it (plain text rows, as the headless mirror
// gives them): the last pair of full-width `────` rules with a `❯` line between them. Seen
// the same in 2.1.197 and 2.1.33x; a dialog (trust, permission) replaces the box.

const RULE = /^─{20,}$/
const PROMPT_MARK = '❯'

export interface InputBox {
  /** The box's text, the `❯` removed (a dim placeholder reads as text here: rows carry no attributes). */
  text: string
  /** The rows below the box: the footer. */
  below: string[]
}

/** The live input box: only the last one counts (an old process's last frame can stay above it). */
export function inputBox(rows: readonly string[]): InputBox | undefined {
  const rules = rows.flatMap((row, index) => (RULE.test(row.trim()) ? [index] : []))
  for (let i = rules.length - 1; i > 0; i--) {
    const top = rules[i - 1] ?? 0
    const bottom = rules[i] ?? 0
    if (!rows[top + 1]?.trimStart().startsWith(PROMPT_MARK)) continue
    const text = rows
      .slice(top + 1, bottom)
      .map((row) => row.replace(PROMPT_MARK, ''))
      .join('\n')
    return { text, below: rows.slice(bottom + 1) }
  }
  return undefined
}

const compact = (text: string): string => text.replace(/\s+/g, '')

/** Whether the box shows `text` as pasted: its last characters, or the CLI's "[Pasted text #n]" placeholder. */
export function boxHolds(box: InputBox | undefined, text: string): boolean {
  if (!box) return false
  const shown = compact(box.text)
  const tail = compact(text).slice(-24)
  return (tail !== '' && shown.includes(tail)) || /\[Pastedtext#\d+/.test(shown)
}
