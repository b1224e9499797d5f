import { describe, expect, it } from 'vitest'
import { ClientSizes } from '../../src/main/pty/client-sizes'
import { policySize } from '../../src/main/pty/size-policy'

const PANE = 'pane-a'
const OTHER = 'pane-b'

describe('policySize', () => {
  const reports = [
    { cols: 120, rows: 30 },
    { cols: 80, rows: 40 },
    { cols: 100, rows: 35 }
  ]

  it('smallest takes the narrowest width and the shortest height, from different clients if need be', () => {
    expect(policySize('smallest', reports)).toEqual({ cols: 80, rows: 30 })
  })

  it('largest takes the widest width and the tallest height', () => {
    expect(policySize('largest', reports)).toEqual({ cols: 120, rows: 40 })
  })

  it('latest takes the last report whole', () => {
    expect(policySize('latest', reports)).toEqual({ cols: 100, rows: 35 })
  })

  it('has no size without clients, whatever the policy', () => {
    expect(policySize('smallest', [])).toBeUndefined()
    expect(policySize('largest', [])).toBeUndefined()
    expect(policySize('latest', [])).toBeUndefined()
  })

  it('gives a lone client its own size, and equal clients that size', () => {
    expect(policySize('smallest', [{ cols: 90, rows: 20 }])).toEqual({ cols: 90, rows: 20 })
    expect(policySize('largest', [{ cols: 90, rows: 20 }, { cols: 90, rows: 20 }])).toEqual({ cols: 90, rows: 20 })
  })
})

describe('ClientSizes', () => {
  it('follows the smallest client showing a pane and grows back at once when it leaves', () => {
    const sizes = new ClientSizes('smallest')
    expect(sizes.report(PANE, 'big', { cols: 200, rows: 50 })).toEqual({ cols: 200, rows: 50 })
    expect(sizes.report(PANE, 'small', { cols: 60, rows: 20 })).toEqual({ cols: 60, rows: 20 })
    expect(sizes.leave('small')).toEqual([{ paneId: PANE, size: { cols: 200, rows: 50 } }])
  })

  it('counts only the latest report of each client', () => {
    const sizes = new ClientSizes('smallest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    sizes.report(PANE, 'b', { cols: 50, rows: 10 })
    expect(sizes.report(PANE, 'b', { cols: 150, rows: 40 })).toEqual({ cols: 100, rows: 30 })
  })

  it('keeps sizes per pane: a client leaving resizes only the panes it showed', () => {
    const sizes = new ClientSizes('smallest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    sizes.report(PANE, 'b', { cols: 80, rows: 24 })
    sizes.report(OTHER, 'a', { cols: 90, rows: 20 })
    expect(sizes.leave('b')).toEqual([{ paneId: PANE, size: { cols: 100, rows: 30 } }])
  })

  it('leaves a pane no client shows any more at the size it has (no entry to resize)', () => {
    const sizes = new ClientSizes('smallest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    expect(sizes.leave('a')).toEqual([])
    expect(sizes.release(PANE, 'a')).toBeUndefined()
  })

  it('stops counting a client that releases a pane, for that pane only', () => {
    const sizes = new ClientSizes('smallest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    sizes.report(PANE, 'b', { cols: 70, rows: 20 })
    sizes.report(OTHER, 'b', { cols: 70, rows: 20 })
    expect(sizes.release(PANE, 'b')).toEqual({ cols: 100, rows: 30 })
    expect(sizes.report(OTHER, 'a', { cols: 100, rows: 30 })).toEqual({ cols: 70, rows: 20 })
  })

  it('latest: a client that reports again becomes the latest; when the latest leaves the one before it rules', () => {
    const sizes = new ClientSizes('latest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    expect(sizes.report(PANE, 'b', { cols: 70, rows: 20 })).toEqual({ cols: 70, rows: 20 })
    expect(sizes.report(PANE, 'a', { cols: 100, rows: 30 })).toEqual({ cols: 100, rows: 30 })
    expect(sizes.leave('a')).toEqual([{ paneId: PANE, size: { cols: 70, rows: 20 } }])
  })

  it('largest: ties between equal clients keep the size when one of them leaves', () => {
    const sizes = new ClientSizes('largest')
    sizes.report(PANE, 'a', { cols: 120, rows: 40 })
    sizes.report(PANE, 'b', { cols: 120, rows: 40 })
    sizes.report(PANE, 'c', { cols: 60, rows: 20 })
    expect(sizes.leave('a')).toEqual([{ paneId: PANE, size: { cols: 120, rows: 40 } }])
    expect(sizes.leave('b')).toEqual([{ paneId: PANE, size: { cols: 60, rows: 20 } }])
  })

  it('forgets a closed pane: a client leaving later resizes nothing', () => {
    const sizes = new ClientSizes('smallest')
    sizes.report(PANE, 'a', { cols: 100, rows: 30 })
    sizes.report(PANE, 'b', { cols: 80, rows: 24 })
    sizes.forget(PANE)
    expect(sizes.leave('b')).toEqual([])
  })
})
