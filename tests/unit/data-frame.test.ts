import { describe, expect, it } from 'vitest'
import { decodeDataEvent, isDataEvent } from '../../src/shared/data-frame'
import { encodeDataEvent } from '../../src/main/transport/data-frame-encoder'

describe('binary output frames', () => {
  it('round-trips the data and every other payload field', () => {
    const event = { name: 'pane.data', payload: { paneId: 'p1', offset: 1234, data: 'héllo \x1b[31mwörld\x1b[0m 🚀\r\n' } }
    expect(decodeDataEvent(encodeDataEvent(event))).toEqual(event)
  })

  it('decodes a frame that sits inside a larger buffer', () => {
    const frame = encodeDataEvent({ name: 'pane.data', payload: { paneId: 'p2', data: 'x'.repeat(70_000) } })
    const padded = new Uint8Array(frame.length + 16)
    padded.set(frame, 8)
    expect(decodeDataEvent(padded.subarray(8, 8 + frame.length)).payload.data).toHaveLength(70_000)
  })

  it('refuses a frame cut inside its header', () => {
    const frame = encodeDataEvent({ name: 'pane.data', payload: { paneId: 'p3', data: 'abc' } })
    expect(() => decodeDataEvent(frame.subarray(0, 10))).toThrow(/shorter than its header/)
  })

  it('sends only output events as binary', () => {
    expect(isDataEvent('pane.data', { paneId: 'p1', data: 'x' })).toBe(true)
    expect(isDataEvent('pane.exit', { paneId: 'p1', exitCode: 0 })).toBe(false)
    expect(isDataEvent('pane.data', null)).toBe(false)
  })
})
