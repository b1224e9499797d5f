import { describe, expect, it } from 'vitest'
import { parseFontFamily, parseFontSize, parseScrollback } from '../../src/renderer/src/components/settings/terminal-form'

describe('the Terminal tab fields', () => {
  it.each([
    ['14', { ok: true, value: 14 }],
    [' 8 ', { ok: true, value: 8 }],
    ['7', { ok: false, problem: 'Font size must be between 8 and 32' }],
    ['33', { ok: false, problem: 'Font size must be between 8 and 32' }],
    ['13.5', { ok: false, problem: 'Font size must be a whole number' }],
    ['', { ok: false, problem: 'Font size must be a whole number' }]
  ])('font size %j', (text, expected) => {
    expect(parseFontSize(text)).toEqual(expected)
  })

  it.each([
    ['0', { ok: true, value: 0 }],
    ['100000', { ok: true, value: 100_000 }],
    ['100001', { ok: false, problem: 'Scrollback must be between 0 and 100,000' }],
    ['-5', { ok: false, problem: 'Scrollback must be a whole number' }],
    ['1e3', { ok: false, problem: 'Scrollback must be a whole number' }]
  ])('scrollback %j', (text, expected) => {
    expect(parseScrollback(text)).toEqual(expected)
  })

  it('takes any non-blank font list, trimmed', () => {
    expect(parseFontFamily('  "Fira Code", monospace ')).toEqual({ ok: true, value: '"Fira Code", monospace' })
    expect(parseFontFamily('   ')).toEqual({ ok: false, problem: 'Name at least one font' })
  })
})
