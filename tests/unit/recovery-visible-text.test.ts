import { describe, expect, it } from 'vitest'
import { hasVisibleText } from '../../src/main/pty/pane-output'

// A restored pane keeps showing its saved screen until its new program prints visible text:
// terminal setup alone must not count, or the saved screen would vanish before anything replaced it.

const ESC = '\x1b'
const BEL = '\x07'
const ST = `${ESC}\\`

describe('hasVisibleText', () => {
  it.each([
    ['an empty chunk', ''],
    ['CR/LF and other control characters', '\r\n\r\n\t\b\x00'],
    ['blanks only', '   \r\n'],
    ['a clear screen and cursor home (CSI)', `${ESC}[2J${ESC}[H${ESC}[3;1H`],
    ['SGR colours and a reset', `${ESC}[1;38;5;208m${ESC}[0m${ESC}[m`],
    ['DEC private modes (cursor, alternate screen, bracketed paste, mouse)', `${ESC}[?25l${ESC}[?1049h${ESC}[?2004h${ESC}[?1000;1006h${ESC}[?25h`],
    ['modifyOtherKeys and cursor style', `${ESC}[>4;2m${ESC}[2 q${ESC}[?u`],
    ['OSC 0 (title) ended by BEL', `${ESC}]0;claude — project${BEL}`],
    ['OSC 0 (title) ended by ST', `${ESC}]0;bash — project${ST}`],
    ['OSC 7 (folder) ended by BEL', `${ESC}]7;file://host/home/me/project${BEL}`],
    ['OSC 7 (folder) ended by ST', `${ESC}]7;file://host/home/me/project${ST}`],
    ['a DCS string', `${ESC}P+q544e${ST}`],
    ['two-byte escapes (keypad mode, charset, save/restore cursor)', `${ESC}=${ESC}>${ESC}(B${ESC}7${ESC}8`],
    ['a mix of all of them', `\r${ESC}]0;t${BEL}${ESC}[?2004h${ESC}]7;file://h/p${ST}${ESC}[K\r\n${ESC}[0m`]
  ])('is false for %s', (_name, chunk) => {
    expect(hasVisibleText(chunk)).toBe(false)
  })

  it.each([
    ['a letter', 'a'],
    ['a shell prompt', '$ '],
    ['coloured text', `${ESC}[32mok${ESC}[0m`],
    ['text after a title', `${ESC}]0;title${BEL}hello`],
    ['text after a folder ended by ST', `${ESC}]7;file://h/p${ST}~/project $`],
    ['text after DEC private modes and CR/LF', `${ESC}[?25l${ESC}[?2004h\r\n>`],
    ['non-ASCII text', 'é'],
    ['a box-drawing border', '╭──╮']
  ])('is true for %s', (_name, chunk) => {
    expect(hasVisibleText(chunk)).toBe(true)
  })
})
