// The terminal's font stack. Common monospace fonts lack symbols Claude Code prints
// (⎿ under each tool call, ✻ ⏺ in its status lines), so Tessera ships a symbols face
// and puts it after the user's fonts, then the generic `monospace`: each character
// takes the first font in the list that has it.

export const SYMBOL_FONT = 'Noto Sans Symbols 2'
const GENERIC = 'monospace'

const unquote = (name: string): string => name.trim().replace(/^(['"])(.*)\1$/, '$2').toLowerCase()

/** The user's font family, with the symbols face and `monospace` added when it names neither. */
export function terminalFontFamily(family: string): string {
  const names = family.split(',').map(unquote)
  const added = [...(names.includes(SYMBOL_FONT.toLowerCase()) ? [] : [`"${SYMBOL_FONT}"`]), ...(names.includes(GENERIC) ? [] : [GENERIC])]
  return [family.trim(), ...added].filter(Boolean).join(', ')
}
