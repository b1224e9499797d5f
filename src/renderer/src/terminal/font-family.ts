// The terminal's font stack. Common monospace fonts lack symbols Claude Code prints
// (⎿ under each tool call, ✻ in its status line), so Tessera ships a symbols face and
// puts it last: each character takes the first font in the list that has it, so the
// user's fonts and `monospace` keep every glyph they have and the face fills the gaps.

export const SYMBOL_FONT = 'Noto Sans Symbols 2'
const GENERIC = 'monospace'

const unquote = (name: string): string => name.trim().replace(/^(['"])(.*)\1$/, '$2').toLowerCase()

/** The user's font family, then `monospace` and the symbols face unless it names them. */
export function terminalFontFamily(family: string): string {
  const parts = family
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const names = parts.map(unquote)
  if (!names.includes(GENERIC)) parts.push(GENERIC)
  if (!names.includes(SYMBOL_FONT.toLowerCase())) parts.push(`"${SYMBOL_FONT}"`)
  return parts.join(', ')
}
