import { describe, expect, it } from 'vitest'
import { Backlog } from '../../src/main/pty'

// The backlog is a ring in a Buffer: whatever the write sizes, it must read back as
// exactly the newest maxChars of everything appended.

describe('Backlog ring', () => {
  it('matches the tail of everything appended, across many wraps and write sizes', () => {
    const cap = 97
    const backlog = new Backlog(cap)
    let all = ''
    let seed = 7
    for (let write = 0; write < 500; write++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      const size = seed % 150 // sometimes empty, sometimes longer than the whole ring
      const text = Array.from({ length: size }, (_, i) => String.fromCharCode(33 + ((seed + i) % 90))).join('')
      backlog.append(text)
      all += text
      expect(backlog.text()).toBe(all.slice(-cap))
    }
  })

  it('keeps characters outside Latin-1 intact', () => {
    const backlog = new Backlog(8)
    backlog.append('héllo ')
    backlog.append('wörld ✓')
    expect(backlog.text()).toBe(' wörld ✓')
  })

  it('drops half a surrogate pair left at the cut', () => {
    const backlog = new Backlog(3)
    backlog.append('ab🚀cd') // 🚀 is two UTF-16 units: the last three start with its second
    expect(backlog.text()).toBe('cd')
    backlog.append('e')
    expect(backlog.text()).toBe('cde')
  })
})

describe('Backlog tail', () => {
  it('gives the last lines from a line start, the partial last line included', () => {
    const backlog = new Backlog(1_000)
    backlog.append('one\r\ntwo\r\nthree\r\n$ ')
    expect(backlog.tail(2)).toBe('three\r\n$ ')
    expect(backlog.tail(10)).toBe('one\r\ntwo\r\nthree\r\n$ ') // all of it: nothing was cut
  })

  it('starts after the first line break once the ring has cut older output', () => {
    const backlog = new Backlog(12)
    backlog.append('abcdef\nghij\nkl\n')
    expect(backlog.text()).toBe('def\nghij\nkl\n')
    expect(backlog.tail()).toBe('ghij\nkl\n')
    expect(backlog.tail(1)).toBe('')
  })
})
