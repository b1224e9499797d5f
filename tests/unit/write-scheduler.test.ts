import { beforeEach, describe, expect, it } from 'vitest'
import { WriteScheduler, type ScheduleOptions } from '../../src/renderer/src/terminal/write-scheduler'

const OPTIONS: ScheduleOptions = {
  periodMs: 16,
  backgroundMs: 5,
  backgroundChunkChars: 100,
  smallChars: 10,
  urgentChunkChars: 1_000,
  inputHoldMs: 50,
  answerDrawMs: 20
}

/** A fake terminal: records writes and parses them only when told to. */
class FakeTerminal {
  readonly written: string[] = []
  private readonly pending: (() => void)[] = []

  write = (data: string, parsed: () => void): void => {
    this.written.push(data)
    this.pending.push(parsed)
  }

  /** Parses everything handed over so far. */
  parse(): void {
    for (const parsed of this.pending.splice(0)) parsed()
  }

  get text(): string {
    return this.written.join('')
  }
}

let now: number
let timers: { at: number; callback: () => void }[]
let focused: string | null
let scheduler: WriteScheduler

const clock = {
  now: () => now,
  later: (callback: () => void, ms: number) => void timers.push({ at: now + ms, callback })
}

function advance(ms: number): void {
  now += ms
  for (const timer of timers.filter((t) => t.at <= now)) {
    timers.splice(timers.indexOf(timer), 1)
    timer.callback()
  }
}

const text = (length: number, char = 'x'): string => char.repeat(length)

beforeEach(() => {
  now = 1_000
  timers = []
  focused = null
  scheduler = new WriteScheduler(() => focused, clock, OPTIONS)
})

describe('WriteScheduler', () => {
  it('hands the focused pane its output at once, then what arrived meanwhile in one write once that is parsed', () => {
    focused = 'a'
    const term = new FakeTerminal()
    const output = scheduler.register('a', term.write)
    output.push(text(500))
    output.push(text(300, 'y'))
    output.push(text(200, 'z'))
    expect(term.written).toEqual([text(500)])
    term.parse()
    expect(term.written).toEqual([text(500), text(300, 'y') + text(200, 'z')])
  })

  it('caps one write to the focused pane and hands over the rest after it', () => {
    focused = 'a'
    const term = new FakeTerminal()
    const output = scheduler.register('a', term.write)
    output.push(text(1_500))
    term.parse()
    expect(term.written).toEqual([text(1_000), text(500)])
  })

  it('serves a small output (an echo) in a background pane at once, even while others flood', () => {
    const flood = new FakeTerminal()
    const quiet = new FakeTerminal()
    scheduler.register('flood', flood.write).push(text(1_000))
    scheduler.register('quiet', quiet.write).push('a')
    expect(quiet.written).toEqual(['a'])
    expect(flood.written).toEqual([text(100)]) // one background chunk, not the whole flood
  })

  it('keeps one background chunk in flight at a time', () => {
    const one = new FakeTerminal()
    const two = new FakeTerminal()
    scheduler.register('one', one.write).push(text(1_000))
    scheduler.register('two', two.write).push(text(1_000))
    expect(one.written.length + two.written.length).toBe(1)
    one.parse()
    expect(one.written.length + two.written.length).toBe(2)
  })

  it('starts background chunks only in the first part of each period, then waits for the next', () => {
    const term = new FakeTerminal()
    scheduler.register('flood', term.write).push(text(1_000))
    advance(2)
    term.parse() // 2 ms into the period: another chunk
    expect(term.written).toHaveLength(2)
    advance(4)
    term.parse() // 6 ms in: past the background share
    expect(term.written).toHaveLength(2)
    advance(9)
    expect(term.written).toHaveLength(2)
    advance(1) // the next period
    expect(term.written).toHaveLength(3)
  })

  it('sizes background chunks by how long the last one took to parse', () => {
    scheduler = new WriteScheduler(() => focused, clock, { ...OPTIONS, backgroundChunkChars: 2_000 })
    const term = new FakeTerminal()
    scheduler.register('flood', term.write).push(text(10_000))
    expect(term.written).toEqual([text(2_000)])
    advance(20) // 2000 characters took 20 ms: four times the 5 ms budget
    term.parse()
    expect(term.written[1]).toHaveLength(500)
    advance(1) // 500 took 1 ms: back up to the cap, not beyond
    term.parse()
    advance(OPTIONS.periodMs)
    expect(term.written[2]).toHaveLength(2_000)
  })

  it('gives every background flood its turn across periods', () => {
    const terms = ['a', 'b', 'c'].map((id) => {
      const term = new FakeTerminal()
      scheduler.register(id, term.write).push(text(10_000))
      return term
    })
    for (let period = 0; period < 6; period++) {
      for (const term of terms) term.parse()
      advance(OPTIONS.periodMs)
    }
    for (const term of terms) expect(term.written.length).toBeGreaterThanOrEqual(2)
  })

  it('delivers every character in order, whichever way a pane is served', () => {
    const term = new FakeTerminal()
    const output = scheduler.register('p', term.write)
    const sent: string[] = []
    for (let i = 0; i < 50; i++) {
      const piece = `${i},`.repeat(i % 7 === 0 ? 40 : 1)
      sent.push(piece)
      output.push(piece)
      if (i === 25) focused = 'p' // becoming focused mid-stream keeps the order
      term.parse()
      advance(3)
    }
    for (let i = 0; i < 100 && term.text.length < sent.join('').length; i++) {
      term.parse()
      advance(OPTIONS.periodMs)
    }
    expect(term.text).toBe(sent.join(''))
  })

  it('frees the background turn of a pane disposed mid-chunk', () => {
    const gone = new FakeTerminal()
    const other = new FakeTerminal()
    const goneOutput = scheduler.register('gone', gone.write)
    goneOutput.push(text(1_000))
    scheduler.register('other', other.write).push(text(1_000))
    expect(gone.written).toHaveLength(1)
    goneOutput.dispose() // its terminal will never call back
    expect(other.written).toHaveLength(1)
  })

  describe('after a keystroke', () => {
    /** A flood in the background with its first chunk parsed, and the pane typed into. */
    function typing(): { flood: FakeTerminal; typed: FakeTerminal; output: ReturnType<WriteScheduler['register']> } {
      focused = 'typed'
      const flood = new FakeTerminal()
      const typed = new FakeTerminal()
      const output = scheduler.register('typed', typed.write)
      scheduler.register('flood', flood.write).push(text(10_000))
      expect(flood.written).toHaveLength(1)
      output.typed()
      flood.parse()
      return { flood, typed, output }
    }

    it('holds background floods back until the answer is handed over and has had a frame to draw', () => {
      const { flood, typed, output } = typing()
      advance(OPTIONS.periodMs) // a new period, but the keystroke's answer is awaited
      expect(flood.written).toHaveLength(1)
      output.push('a') // the echo
      expect(typed.written).toEqual(['a'])
      advance(OPTIONS.answerDrawMs - 1)
      expect(flood.written).toHaveLength(1)
      advance(1)
      expect(flood.written).toHaveLength(2)
    })

    it('lets background floods go on when no answer comes within the hold', () => {
      const { flood } = typing()
      advance(OPTIONS.inputHoldMs - 1)
      expect(flood.written).toHaveLength(1)
      advance(1)
      expect(flood.written).toHaveLength(2)
    })

    it('holds nothing once the answer has been drawn, whatever the pane prints next', () => {
      const { flood, output } = typing()
      output.push('a')
      advance(OPTIONS.answerDrawMs)
      expect(flood.written).toHaveLength(2)
      flood.parse()
      output.push('b') // more output, no keystroke: no new hold
      advance(OPTIONS.periodMs)
      expect(flood.written).toHaveLength(3)
    })
  })

  it('drops what waits on discard, leaves the write in flight alone, and serves what comes after', () => {
    focused = 'a'
    const terminal = new FakeTerminal()
    const output = scheduler.register('a', terminal.write)
    output.push(text(1_500, 'o')) // one urgent write in flight (1000), the rest waits for it
    expect(terminal.written).toEqual([text(1_000, 'o')])
    output.push(text(300, 's'))
    output.discard()
    output.push('new')
    terminal.parse()
    expect(terminal.written).toEqual([text(1_000, 'o'), 'new'])
  })
})

