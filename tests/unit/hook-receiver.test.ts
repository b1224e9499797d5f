import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HookReceiver, HOOK_SECRET_HEADER } from '../../src/main/status'
import { captureLog } from '../support/log-capture'

// The receiver's doors: only a POST to a registered pane's path with that pane's
// secret reaches its listener; everything else is refused and reaches nobody.

const PANE = '0f6f5c1e-8a55-4a7e-9d0c-3b1f6f2b9a11'
const OTHER = '7c2d1e4f-1111-4222-8333-944455556666'
const SECRET = 's'.repeat(48)

let receiver: HookReceiver
let heard: Array<[string, Record<string, unknown>]>
let entries: ReturnType<typeof captureLog>['entries']

beforeEach(async () => {
  const capture = captureLog()
  entries = capture.entries
  receiver = new HookReceiver(capture.log)
  await receiver.start()
  heard = []
  receiver.register(PANE, SECRET, (event, payload) => heard.push([event, payload]))
  receiver.register(OTHER, 'o'.repeat(48), () => heard.push(['wrong pane', {}]))
})

afterEach(() => receiver.close())

function post(body: string, options: { paneId?: string; secret?: string; method?: string } = {}): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.secret !== '') headers[HOOK_SECRET_HEADER] = options.secret ?? SECRET
  return fetch(receiver.urlFor(options.paneId ?? PANE), { method: options.method ?? 'POST', headers, body: options.method === 'GET' ? undefined : body }).then(
    (response) => response.status
  )
}

const STOP = JSON.stringify({ hook_event_name: 'Stop', session_id: 'abc' })

describe('HookReceiver', () => {
  it('hands a valid hook to its pane’s listener and answers {} at once', async () => {
    await expect(post(STOP)).resolves.toBe(200)
    expect(heard).toEqual([['Stop', { hook_event_name: 'Stop', session_id: 'abc' }]])
  })

  it.each([
    ['no secret', { secret: '' }, 401],
    ['another pane’s secret', { secret: 'o'.repeat(48) }, 401],
    ['a secret of the wrong length', { secret: 'short' }, 401],
    ['a GET', { method: 'GET' }, 404],
    ['an unknown pane', { paneId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' }, 404]
  ])('refuses %s and tells nobody', async (_what, options, status) => {
    await expect(post(STOP, options)).resolves.toBe(status)
    expect(heard).toEqual([])
  })

  it('refuses a body over 4 MB', async () => {
    await expect(post(`{"hook_event_name":"Stop","pad":"${'x'.repeat(4 * 1024 * 1024)}"}`)).resolves.toBe(413)
    expect(heard).toEqual([])
  })

  it('ignores, with a log line, a body that is not a hook payload', async () => {
    await expect(post('not json')).resolves.toBe(200)
    await expect(post(JSON.stringify({ no: 'event' }))).resolves.toBe(200)
    expect(heard).toEqual([])
    expect(entries.filter((entry) => entry.message === 'hook ignored: not a hook payload')).toHaveLength(2)
  })

  it('stops hearing a pane once it is unregistered', async () => {
    const unregister = receiver.register(PANE, SECRET, (event) => heard.push([`again ${event}`, {}]))
    unregister()
    await expect(post(STOP)).resolves.toBe(404)
    expect(heard).toEqual([])
  })
})
