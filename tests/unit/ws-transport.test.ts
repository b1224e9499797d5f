import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { decodeDataEvent } from '../../src/shared/data-frame'
import type { ServerMessage } from '../../src/shared/wire'
import { createHost, type Host } from '../../src/main/host'
import { startBrowserServer, type BrowserServer } from '../../src/main/transport'
import { captureLog } from '../support/log-capture'

const SECRET = 'a'.repeat(64)

let host: Host
let server: BrowserServer
let entries: ReturnType<typeof captureLog>['entries']

beforeEach(async () => {
  const capture = captureLog()
  entries = capture.entries
  const rendererDir = mkdtempSync(join(tmpdir(), 'tessera-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  host = createHost({ kind: 'browser', version: '0.0.0-test', defaultCwd: tmpdir(), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log: capture.log })
  server = await startBrowserServer({ host, secret: SECRET, rendererDir, port: 0, log: capture.log })
})

afterEach(async () => {
  await server.close()
  await host.dispose()
})

const origin = (): string => `http://127.0.0.1:${server.port}`

function open(token = SECRET, fromOrigin = origin()): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${token}`, { origin: fromOrigin })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
  })
}

/** Sends one raw frame and resolves with the host's next result message. */
function exchange(ws: WebSocket, frame: string): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData): void => {
      const message = JSON.parse(raw.toString()) as ServerMessage
      if (message.kind !== 'result') return
      ws.off('message', onMessage)
      resolve(message)
    }
    ws.on('message', onMessage)
    ws.send(frame)
  })
}

describe('WebSocket transport', () => {
  it('answers a valid call', async () => {
    const ws = await open()
    const reply = await exchange(ws, JSON.stringify({ kind: 'call', id: 1, name: 'app.info', input: {} }))
    expect(reply).toMatchObject({ kind: 'result', id: 1, ok: true, value: { host: 'browser', version: '0.0.0-test' } })
    ws.close()
  })

  it.each([
    ['not JSON', '{oops', null, 'invalid_message'],
    ['a bad envelope', JSON.stringify({ kind: 'call', id: 7, name: 42 }), 7, 'invalid_message'],
    ['an unknown call', JSON.stringify({ kind: 'call', id: 8, name: 'pane.explode', input: {} }), 8, 'unknown_call'],
    [
      'input failing the schema',
      JSON.stringify({ kind: 'call', id: 9, name: 'pane.resize', input: { paneId: 'x', cols: -1, rows: 1 } }),
      9,
      'invalid_input'
    ]
  ])('replies to %s with an error, logs it, and keeps serving', async (_what, frame, id, code) => {
    const ws = await open()
    const reply = await exchange(ws, frame)
    expect(reply).toMatchObject({ kind: 'result', id, ok: false, error: { code } })
    expect(entries.some((e) => e.level === 'warn' && e.message.startsWith('rejected'))).toBe(true)
    const after = await exchange(ws, JSON.stringify({ kind: 'call', id: 10, name: 'pane.list', input: {} }))
    expect(after).toMatchObject({ id: 10, ok: true, value: [] })
    ws.close()
  })

  it("sends a pane's output as binary frames that decode to pane.data events", async () => {
    const ws = await open()
    const firstOutput = new Promise<ReturnType<typeof decodeDataEvent>>((resolve) => {
      ws.on('message', (raw: Buffer, isBinary) => isBinary && resolve(decodeDataEvent(raw)))
    })
    ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'pane.create', input: { kind: 'shell', cols: 80, rows: 24 } }))
    const { name, payload } = await firstOutput
    expect(name).toBe('pane.data')
    expect(payload).toMatchObject({ paneId: expect.any(String), data: expect.any(String) })
    expect(payload.data.length).toBeGreaterThan(0)
    ws.close()
  })

  it.each([
    ['no token', '', origin, 401],
    ['a wrong token', 'b'.repeat(64), origin, 401],
    ['a foreign origin', SECRET, () => 'http://evil.example', 403],
    ['localhost on another port', SECRET, () => 'http://localhost:1', 403]
  ])('refuses a connection with %s', async (_what, token, from, status) => {
    await expect(open(token, from())).rejects.toThrow(`refused ${status}`)
    expect(entries).toContainEqual(expect.objectContaining({ message: 'refused bridge connection' }))
  })

  // Chromium opens spare connections before it needs them; Node's http.close() does not
  // count one that has sent nothing as idle and waited for the browser to drop it.
  it.each([
    ['has sent nothing yet', '', false],
    ['has sent part of a request', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', false],
    ['was refused an upgrade', 'GET /bridge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', true]
  ])('closes at once while a client holds a connection that %s', async (_what, sent, answered) => {
    const client = await connectRaw(sent, answered)
    try {
      const outcome = await Promise.race([
        server.close().then(() => 'closed'),
        delay(5_000).then(() => 'still waiting for the client')
      ])
      expect(outcome).toBe('closed')
    } finally {
      client.destroy()
    }
  })

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await fetch(`${origin()}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const escape = await fetch(`${origin()}/..%2f..%2fetc%2fpasswd`)
    expect(escape.status).toBe(404)
    expect((await fetch(`${origin()}/%E0%A4%A`)).status).toBe(400)
    expect((await fetch(`${origin()}/`)).status).toBe(200)
  })
})

/**
 * A plain TCP connection to the server that writes `sent` and then nothing more (and
 * never ends its side); resolves once the server has accepted it, and with `answered`
 * once the server's answer came.
 */
async function connectRaw(sent: string, answered: boolean): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: server.port, allowHalfOpen: true })
  socket.on('error', () => undefined) // the server may reset it on close
  const answer = new Promise<void>((resolve) => socket.once('data', () => resolve()))
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  if (sent) socket.write(sent)
  if (answered) await answer
  // The server accepts in arrival order: once a later request is answered, this connection is in.
  await fetch(`${origin()}/`).then((response) => response.text())
  socket.resume()
  return socket
}
