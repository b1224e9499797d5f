import { describe, expect, it } from 'vitest'
import { HeldReplacement } from '../../src/renderer/src/terminal/held-replacement'

function terminal() {
  const log: string[] = []
  const view = { scrolledBack: false }
  const hold = new HeldReplacement(
    { write: (data) => log.push(`write ${data}`), replace: (data) => log.push(`replace ${data}`), discard: () => log.push('discard') },
    () => view.scrolledBack
  )
  return { hold, log, view }
}

describe('HeldReplacement', () => {
  it('passes everything through while the viewport is at the bottom', () => {
    const { hold, log } = terminal()
    hold.write('a')
    hold.replace('B')
    hold.write('c')
    expect(log).toEqual(['write a', 'discard', 'replace B', 'write c'])
  })

  it('holds the newest replacement and what follows it while scrolled back, then lands them at the bottom', () => {
    const { hold, log, view } = terminal()
    view.scrolledBack = true
    hold.write('a') // no replacement yet: xterm.js keeps the viewport by itself
    hold.replace('B1')
    hold.write('c')
    hold.replace('B2') // supersedes B1 and c
    hold.write('d')
    hold.scrolled() // still scrolled back
    expect(log).toEqual(['write a', 'discard', 'discard']) // what waited for the terminal is history at once
    view.scrolledBack = false
    hold.scrolled()
    expect(log).toEqual(['write a', 'discard', 'discard', 'replace B2', 'write d'])
    hold.write('e')
    expect(log.at(-1)).toBe('write e')
  })
})
