// The terminal's font stack. Common monospace fonts lack symbols Claude Code prints
// (⎿ under each tool call, ⏺ before each message, ⏵ in its footer), so after the user's
// fonts and `monospace` comes Tessera's own font for those three (symbol-font.ts loads
// it), then symbol fonts known to have the rest on each platform. Each character takes
// the first font in the list that has it, so these only fill the gaps.

/** Tessera's own font (scripts/symbol-font.mjs draws it): ⎿, ⏺ and ⏵ only. */
export const SYMBOL_FONT = 'Tessera Symbols'
export const SYMBOL_FALLBACKS = [SYMBOL_FONT, 'Symbola', 'Segoe UI Symbol', 'Apple Symbols'] as const
const GENERIC = 'monospace'

const unquote = (name: string): string => name.trim().replace(/^(['"])(.*)\1$/, '$2').toLowerCase()

/** The user's font family, then `monospace` and the symbol fonts it does not name already. */
export function terminalFontFamily(family: string): string {
  const parts = family
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const named = new Set(parts.map(unquote))
  if (!named.has(GENERIC)) parts.push(GENERIC)
  for (const font of SYMBOL_FALLBACKS) if (!named.has(font.toLowerCase())) parts.push(`"${font}"`)
  return parts.join(', ')
}
