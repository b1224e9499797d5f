import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { PaneManager } from '../../src/main/pty'
import { captureLog } from '../support/log-capture'
import { createConditionWaiter } from '../support/condition-waiter'

// A real PTY floods faster than a slow client parses. The pane the user works in (the
// last one written to) skips ahead: its program is never held, the client gets a few
// replacements instead of the whole flood, and what it ends up showing is the newest
// output. Any other pane is paused by flow control, as before.

const LAST = 1_200_000 // `seq 1 1200000`: about 8.9 MB with the PTY's \r\n
/** The client parses about 0.8 MB/s: far slower than the PTY writes. */
const CLIENT_CHARS_PER_TICK = 20_000
const CLIENT_TICK_MS = 25

interface Frame {
  data: string
  offset: number
  replace: boolean
}

let manager: PaneManager | undefined

afterEach(async () => {
  await manager?.closeAll()
  manager = undefined
})

/** A client that acks at a slow, steady pace and drops what it holds on a replacement. */
function slowClient() {
  const frames = new Map<string, Frame[]>()
  const flows: boolean[] = []
  const { notify, until } = createConditionWaiter()
  let received = 0
  let acked = 0
  const events = {
    onData: (paneId: string, data: string, offset: number, replace?: true) => {
      frames.set(paneId, [...(frames.get(paneId) ?? []), { data, offset, replace: replace === true }])
      received += data.length
      if (replace) acked = received - data.length // what it held is dropped, never parsed
      notify()
    },
    onExit: () => notify(),
    onFlow: (_paneId: string, paused: boolean) => (flows.push(paused), notify()),
    onChanged: () => undefined
  }
  manager = new PaneManager(events, captureLog().log, mkdtempSync(`${tmpdir()}/tessera-skip-`))
  const panes = manager
  const ackEvery = (paneId: string): NodeJS.Timeout =>
    setInterval(() => {
      const chars = Math.min(received - acked, CLIENT_CHARS_PER_TICK)
      if (chars > 0) panes.ack(paneId, chars)
      acked += chars
    }, CLIENT_TICK_MS)
  return { panes, frames: (paneId: string) => frames.get(paneId) ?? [], flows, until, ackEvery }
}

/** What a terminal fed these frames in order would hold: replacements start it afresh. */
function shown(frames: Frame[]): string {
  return frames.reduce((text, frame) => (frame.replace ? frame.data : text + frame.data), '')
}

const numbers = (text: string): number[] =>
  text
    .split('\r\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number)

describe('skipping ahead of a slow client', () => {
  it('skips the pane in use: a few replacements, no pause, the newest output shown, then frames again', async () => {
    const client = slowClient()
    const pane = client.panes.create({
      kind: 'shell',
      cols: 80,
      rows: 24,
      launch: () => ({ file: '/bin/sh', args: ['-c', `read go; seq 1 ${LAST}; read more; echo after-the-flood; read end`], env: {} })
    })
    client.panes.ack(pane.id, 1) // a client is attached: flow control applies
    const acking = client.ackEvery(pane.id)
    try {
      client.panes.write(pane.id, 'go\r')
      const ends = (frame: Frame | undefined): boolean => !!frame?.replace && frame.data.endsWith(`${LAST}\r\n`)
      // The flood is over and went quiet: the skip ended with the whole backlog.
      await client.until(() => ends(client.frames(pane.id).at(-1)) && !client.panes.stats(pane.id).skipping)

      const frames = client.frames(pane.id)
      const replacements = frames.filter((frame) => frame.replace)
      const delivered = frames.reduce((sum, frame) => sum + frame.data.length, 0)
      const last = replacements.at(-1) as Frame
      console.log(`${frames.length} frames, ${replacements.length} replacements, ${delivered} of ${last.offset + last.data.length} chars delivered`)
      expect(client.panes.stats(pane.id).fastForwards).toBeGreaterThanOrEqual(1) // a stall under load may end one early
      expect(client.flows).not.toContain(true) // the PTY was never paused
      expect(replacements.length).toBeGreaterThanOrEqual(2) // at least the first screen and the whole backlog
      expect(delivered).toBeLessThan((last.offset + last.data.length) / 2)
      // What the client shows now: consecutive numbers from a line start up to the last one.
      const lines = numbers(shown(frames))
      expect(lines.at(-1)).toBe(LAST)
      expect(lines.length).toBeGreaterThan(10_000) // the backlog, not only a screen
      expect(lines.every((value, index) => index === 0 || value === (lines[index - 1] ?? 0) + 1)).toBe(true)

      // Output after the skip is framed again, right where the replacement ended.
      client.panes.write(pane.id, 'more\r')
      await client.until(() => shown(client.frames(pane.id)).includes('after-the-flood\r\n'))
      const after = client.frames(pane.id).slice(frames.length)
      expect(after.some((frame) => frame.replace)).toBe(false)
      expect(after[0]?.offset).toBe(last.offset + last.data.length)
    } finally {
      clearInterval(acking)
    }
  })

  it('pauses a pane that is not in use, and never replaces its output', async () => {
    const client = slowClient()
    const pane = client.panes.create({ kind: 'shell', cols: 80, rows: 24, launch: () => ({ file: 'seq', args: ['1', String(LAST)], env: {} }) })
    client.panes.ack(pane.id, 1)
    const acking = client.ackEvery(pane.id)
    try {
      await client.until(() => client.flows.includes(true))
    } finally {
      clearInterval(acking)
    }
    expect(client.panes.stats(pane.id).fastForwards).toBe(0)
    expect(client.frames(pane.id).some((frame) => frame.replace)).toBe(false)
  })
})
