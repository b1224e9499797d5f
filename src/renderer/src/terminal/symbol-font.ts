import '@fontsource/noto-sans-symbols-2/symbols-400.css'
import { SYMBOL_FONT } from './font-family'

/**
 * Loads the shipped symbols face before any terminal draws: a renderer that drew
 * "⎿" before the face arrived would keep the empty box in its glyph cache.
 */
export async function loadSymbolFont(): Promise<void> {
  try {
    await document.fonts.load(`16px "${SYMBOL_FONT}"`, '⎿')
  } catch {
    // A face that cannot load leaves the system's fallback fonts: worse glyphs, never a broken page.
  }
}
