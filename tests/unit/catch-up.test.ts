import { describe, expect, it } from 'vitest'
import { CatchUp } from '../../src/renderer/src/terminal/catch-up'

function recorder(): { catchUp: CatchUp; written: string[]; skipped: number[] } {
  const written: string[] = []
  const skipped: number[] = []
  const sink = { write: (data: string) => written.push(data), skip: (chars: number) => skipped.push(chars), replace: (data: string) => written.push(`[replace]${data}`) }
  return { catchUp: new CatchUp(sink), written, skipped }
}

describe('CatchUp', () => {
  it('skips what the backlog holds, splits the frame that straddles its end, writes the rest', () => {
    const { catchUp, written, skipped } = recorder()
    catchUp.answered(7)
    catchUp.receive(0, 'abc')
    catchUp.receive(3, 'defgh')
    catchUp.receive(8, 'ij')
    expect(skipped).toEqual([3, 4])
    expect(written).toEqual(['h', 'ij'])
  })

  it('holds frames that arrive before the answer, in order, until it comes', () => {
    const { catchUp, written, skipped } = recorder()
    catchUp.receive(0, 'abc')
    catchUp.receive(3, 'def')
    expect(written).toEqual([])
    catchUp.answered(3)
    expect(skipped).toEqual([3])
    expect(written).toEqual(['def'])
  })

  it('writes everything after a failed attach (answered at 0)', () => {
    const { catchUp, written, skipped } = recorder()
    catchUp.receive(10, 'abc')
    catchUp.answered(0)
    expect(written).toEqual(['abc'])
    expect(skipped).toEqual([])
  })

  it('hands a replacement over whole, even where the backlog already reached, and carries on after it', () => {
    const { catchUp, written, skipped } = recorder()
    catchUp.receive(0, 'abc')
    catchUp.receive(2, 'newest\n', true) // the stream's chars 2–9, from a line start
    catchUp.answered(5)
    catchUp.receive(9, 'more')
    expect(skipped).toEqual([3])
    expect(written).toEqual(['[replace]newest\n', 'more'])
  })
})
