import './symbol-font.css'
import { SYMBOL_FONT } from './font-family'

// A @font-face is fetched only once some text needs it. xterm's WebGL renderer draws
// each glyph once into its texture atlas, so a ⎿ drawn before the font arrived would stay
// an empty box: ask for the font as soon as a terminal exists, and let the controller
// redraw when it is in.

/** The characters the font has (symbol-font.css's unicode-range). */
export const SYMBOL_FONT_CHARS = '\u23bf\u23f5\u23fa'

let loading: Promise<void> | undefined

/** Resolves once Tessera Symbols is loaded (or failed to load: the other fallbacks stay). */
export function symbolFontLoaded(): Promise<void> {
  loading ??= document.fonts.load(`16px "${SYMBOL_FONT}"`, SYMBOL_FONT_CHARS).then(
    () => undefined,
    () => undefined
  )
  return loading
}
