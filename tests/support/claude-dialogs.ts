import type { HeadlessScreen } from './screen.ts'

// Claude Code's permission prompt lists its choices under "Do you want to proceed?", one
// per line, the selected one marked "❯". 2.1.197 numbers them and selects "1. Yes"; 2.1.332
// after auto mode's notice lists "No" then "Yes" and selects "No". Tests choose by text.

const QUESTION = 'Do you want to proceed?'
/**
 * Claude Code 2.1.33x drops keys pressed in a dialog's first moments (seen: Enter at +100 ms
 * after the dialog was drawn ignored, at +200 ms taken), a guard against typing into a dialog
 * by accident. A person reads before answering; so do the tests, for longer than that guard.
 */
export const DIALOG_READ_MS = 600
const DOWN = '\x1b[B'
const UP = '\x1b[A'

interface Choices {
  labels: string[]
  selected: number
}

/** The live prompt's choices (the last question on screen), or undefined when none shows. */
export function promptChoices(screen: HeadlessScreen): Choices | undefined {
  const lines = screen.lines()
  const question = lines.map((line) => line.includes(QUESTION)).lastIndexOf(true)
  if (question === -1) return undefined
  const labels: string[] = []
  let selected = -1
  for (const line of lines.slice(question + 1)) {
    const choice = /^\s*(❯)?\s*(?:\d+\.\s+)?(\S.*?)\s*$/.exec(line)
    if (!choice || /^Esc to cancel/.test(choice[2] ?? '') || line.trim() === '') break
    if (choice[1]) selected = labels.length
    labels.push(choice[2] ?? '')
  }
  return selected === -1 ? undefined : { labels, selected }
}

/** Moves the prompt's selection to the choice labelled exactly `label`, then presses Enter. */
export async function answerPrompt(screen: HeadlessScreen, write: (data: string) => void, label: 'Yes' | 'No', timeoutMs = 10_000): Promise<void> {
  await screen.waitFor((s) => promptChoices(s) !== undefined, timeoutMs, 'a permission prompt with its choices')
  await readingTime()
  const choices = promptChoices(screen) as Choices
  const target = choices.labels.indexOf(label)
  if (target === -1) throw new Error(`No choice "${label}" in ${JSON.stringify(choices.labels)}. Screen:\n${screen.dump()}`)
  const step = target > choices.selected ? DOWN : UP
  for (let i = 0; i < Math.abs(target - choices.selected); i++) write(step)
  await screen.waitFor((s) => promptChoices(s)?.selected === target, timeoutMs, `"${label}" selected`)
  write('\r')
}

/** Presses keys in a dialog that has just been drawn, once a person would have read it. */
export async function pressInDialog(write: (data: string) => void, keys: string): Promise<void> {
  await readingTime()
  write(keys)
}

function readingTime(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, DIALOG_READ_MS))
}
