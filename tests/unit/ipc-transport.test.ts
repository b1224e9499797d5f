import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { callNames, type CallResult } from '../../src/shared/bridge'
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../../src/shared/ipc-channels'
import { createHost } from '../../src/main/host'
import { ipcClientId, registerIpcTransport, type IpcInvokeEvent, type IpcMainLike } from '../../src/main/transport'
import { captureLog } from '../support/log-capture'

type Handler = (event: IpcInvokeEvent, input: unknown) => Promise<CallResult>

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel)
  }
}

const APP_URL = 'file:///app/out/renderer/index.html'
const ownWindow: IpcInvokeEvent = { sender: { id: 1 }, senderFrame: { url: APP_URL } }

function setup() {
  const { log, entries } = captureLog()
  const host = createHost({ kind: 'desktop', version: '0.0.0-test', defaultCwd: tmpdir(), dataDir: mkdtempSync(join(tmpdir(), 'tessera-data-')), log })
  const ipcMain = fakeIpcMain()
  const sent: Array<{ channel: string; message: { name: string; payload: unknown } }> = []
  const dispose = registerIpcTransport({
    host,
    ipcMain,
    isTrustedSender: (event) => event.sender.id === 1 && event.senderFrame?.url === APP_URL,
    broadcast: (channel, message) => sent.push({ channel, message }),
    log
  })
  const invoke = (name: string, input: unknown, event = ownWindow): Promise<CallResult> => {
    const handler = ipcMain.handlers.get(ipcCallChannel(name))
    if (!handler) throw new Error(`no handler for ${name}`)
    return handler(event, input)
  }
  return { host, ipcMain, sent, entries, invoke, dispose }
}

describe('IPC transport', () => {
  it('registers one channel per contract call and removes them on dispose', () => {
    const { ipcMain, dispose } = setup()
    expect([...ipcMain.handlers.keys()]).toContain(ipcCallChannel('pane.create'))
    expect(ipcMain.handlers.size).toBe(callNames.length)
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('dispatches each window as its own client, by the id the shell reports its departure with', async () => {
    const { host, invoke } = setup()
    const dispatch = vi.spyOn(host.dispatcher, 'dispatch')
    await invoke('app.info', {})
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, 'ipc', ipcClientId(ownWindow.sender.id))
    expect(ipcClientId(1)).not.toBe(ipcClientId(2))
  })

  it('answers invalid input with an error, logs it, and keeps serving', async () => {
    const { invoke, entries } = setup()
    const bad = await invoke('pane.write', { paneId: 42, data: 'x' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'rejected invalid input' }))
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'desktop' } })
  })

  it.each([
    ['another window', { sender: { id: 2 }, senderFrame: { url: APP_URL } }],
    ['a foreign page in our window', { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }],
    ['a frame that is gone', { sender: { id: 1 }, senderFrame: null }]
  ])('refuses a call from %s', async (_what, event) => {
    const { invoke, entries } = setup()
    const result = await invoke('pane.list', {}, event)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_message' } })
    expect(entries).toContainEqual(expect.objectContaining({ message: 'refused call from a foreign sender' }))
  })

  it('broadcasts host events on the event channel', () => {
    const { host, sent } = setup()
    host.events.emit('panes.changed', { panes: [] })
    expect(sent).toEqual([{ channel: IPC_EVENT_CHANNEL, message: { name: 'panes.changed', payload: { panes: [] } } }])
  })
})
