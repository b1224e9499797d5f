import { MAX_FONT_SIZE, MAX_SCROLLBACK, MIN_FONT_SIZE } from '../../state/settings'

// The Terminal tab's fields arrive as text; each parses to a value or to the reason it
// cannot be used, so the tab applies only what is valid and says what is not.

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string }

const WHOLE_NUMBER = /^\d+$/

function wholeNumber(text: string, min: number, max: number, what: string): Parsed<number> {
  const trimmed = text.trim()
  if (!WHOLE_NUMBER.test(trimmed)) return { ok: false, problem: `${what} must be a whole number` }
  const value = Number(trimmed)
  if (value < min || value > max) return { ok: false, problem: `${what} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}` }
  return { ok: true, value }
}

export const parseFontSize = (text: string): Parsed<number> => wholeNumber(text, MIN_FONT_SIZE, MAX_FONT_SIZE, 'Font size')

export const parseScrollback = (text: string): Parsed<number> => wholeNumber(text, 0, MAX_SCROLLBACK, 'Scrollback')

export function parseFontFamily(text: string): Parsed<string> {
  const value = text.trim()
  return value ? { ok: true, value } : { ok: false, problem: 'Name at least one font' }
}
