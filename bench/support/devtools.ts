import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/support/chromium.ts'

// Chromium for the bench, driven over a bare DevTools Protocol connection that uses
// only Target, Page, Runtime, Input and Emulation. Playwright enables the Network
// domain on every page and worker, so Chromium copies each WebSocket frame to it:
// during a flood the browser process and the driver spent about a core between them
// on those copies (32 MiB: 1.9 s + 1.2 s of CPU), taken from the page on a 2-core
// machine. A user's browser tab or Electron window has no such observer, so the
// figures are measured without one. The tests keep Playwright.

/** Playwright's switches that bear on how a headless page is scheduled, so figures stay comparable. */
const SCHEDULING_ARGS = [
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--force-color-profile=srgb',
  '--enable-unsafe-swiftshader'
]
const START_TIMEOUT_MS = 20_000
const CALL_TIMEOUT_MS = 180_000

type Params = Record<string, unknown>
type EventListener = (params: Params) => void

interface Reply {
  id?: number
  method?: string
  params?: Params
  sessionId?: string
  result?: Params
  error?: { message: string }
}

/** One WebSocket to the browser; pages are flat sessions on it. */
class Connection {
  private nextId = 0
  private readonly calls = new Map<number, { resolve: (result: Params) => void; reject: (error: Error) => void }>()
  private readonly listeners = new Map<string, EventListener[]>()

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => this.receive(JSON.parse(String(raw)) as Reply))
    socket.on('close', () => {
      for (const call of this.calls.values()) call.reject(new Error('the browser closed the DevTools connection'))
      this.calls.clear()
    })
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = ++this.nextId
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} got no answer in ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS)
      const settle = <T>(done: (value: T) => void) => (value: T): void => (clearTimeout(timer), done(value))
      this.calls.set(id, { resolve: settle(resolve), reject: settle(reject) })
      this.socket.send(JSON.stringify({ id, method, params, sessionId }))
    })
  }

  /** `listener` hears `method` events of one session. */
  on(sessionId: string, method: string, listener: EventListener): () => void {
    const key = `${sessionId} ${method}`
    this.listeners.set(key, [...(this.listeners.get(key) ?? []), listener])
    return () => this.listeners.set(key, (this.listeners.get(key) ?? []).filter((other) => other !== listener))
  }

  private receive(reply: Reply): void {
    if (reply.id === undefined) {
      for (const listener of this.listeners.get(`${reply.sessionId} ${reply.method}`) ?? []) listener(reply.params ?? {})
      return
    }
    const call = this.calls.get(reply.id)
    this.calls.delete(reply.id)
    if (reply.error) call?.reject(new Error(reply.error.message))
    else call?.resolve(reply.result ?? {})
  }

  close(): void {
    this.socket.close()
  }
}

/** A key as the bench presses it: one printable character, `Enter`, or `Control+<letter>`. */
function keyEvents(key: string): Params[] {
  const control = /^Control\+([a-z])$/i.exec(key)
  if (control) {
    const letter = (control[1] as string).toLowerCase()
    const code = { key: letter, code: `Key${letter.toUpperCase()}`, windowsVirtualKeyCode: letter.toUpperCase().charCodeAt(0), modifiers: 2 }
    return [{ type: 'rawKeyDown', ...code }, { type: 'keyUp', ...code }]
  }
  if (key === 'Enter') {
    const code = { key, code: 'Enter', windowsVirtualKeyCode: 13 }
    return [{ type: 'keyDown', text: '\r', ...code }, { type: 'keyUp', ...code }]
  }
  if (key.length !== 1) throw new Error(`the bench cannot press ${key}`)
  const upper = key.toUpperCase()
  const code = { key, code: /[a-z]/i.test(key) ? `Key${upper}` : '', windowsVirtualKeyCode: upper.charCodeAt(0) }
  return [{ type: 'keyDown', text: key, ...code }, { type: 'keyUp', ...code }]
}

export class BenchPage {
  constructor(
    private readonly connection: Connection,
    private readonly sessionId: string,
    private readonly contextId: string
  ) {}

  /** Closes the page with its browser context. */
  async close(): Promise<void> {
    await this.connection.send('Target.disposeBrowserContext', { browserContextId: this.contextId })
  }

  send(method: string, params: Params = {}): Promise<Params> {
    return this.connection.send(method, params, this.sessionId)
  }

  /** Runs a JavaScript expression in the page (promises awaited) and returns its value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const answer = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
    const thrown = answer.exceptionDetails as { exception?: { description?: string }; text?: string } | undefined
    if (thrown) throw new Error(`in the page: ${thrown.exception?.description ?? thrown.text ?? 'an exception'}`)
    return (answer.result as { value: T }).value
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const stop = this.connection.on(this.sessionId, 'Page.loadEventFired', () => (stop(), resolve()))
    })
    const navigated = await this.send('Page.navigate', { url })
    if (navigated.errorText) throw new Error(`could not open ${url}: ${String(navigated.errorText)}`)
    await loaded
  }

  /** Uncaught exceptions in the page. */
  onError(listener: (message: string) => void): void {
    this.connection.on(this.sessionId, 'Runtime.exceptionThrown', (params) => {
      const details = params.exceptionDetails as { exception?: { description?: string }; text?: string } | undefined
      listener(details?.exception?.description ?? details?.text ?? 'an exception')
    })
  }

  /** A left click in the middle of the first element matching `selector`. */
  async click(selector: string): Promise<void> {
    const at = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const box = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect();
      return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
    })()`)
    if (!at) throw new Error(`nothing to click at ${selector}`)
    const mouse = { ...at, button: 'left', clickCount: 1 }
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at })
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...mouse })
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...mouse })
  }

  async press(key: string): Promise<void> {
    for (const event of keyEvents(key)) await this.send('Input.dispatchKeyEvent', event)
  }

  async type(text: string): Promise<void> {
    for (const key of text) await this.press(key)
  }
}

export class BenchBrowser {
  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: Connection,
    private readonly profileDir: string
  ) {}

  /** `disabledFeatures`: Chromium features to turn off (`--disable-features`), as the desktop shell does. */
  static async launch(disabledFeatures: readonly string[] = []): Promise<BenchBrowser> {
    const profileDir = mkdtempSync(join(tmpdir(), 'tessera-bench-chromium-'))
    const features = disabledFeatures.length > 0 ? [`--disable-features=${disabledFeatures.join(',')}`] : []
    const args = [...CHROMIUM_ARGS, ...SCHEDULING_ARGS, ...features, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank']
    const child = spawn(chromiumPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
    // Nothing else ends Chromium when the bench dies early (an exception, a broken pipe).
    const killOnExit = (): void => void child.kill('SIGKILL')
    process.once('exit', killOnExit)
    child.once('exit', () => process.off('exit', killOnExit))
    try {
      const socket = new WebSocket(await devtoolsUrl(child), { maxPayload: 1 << 30 })
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
      return new BenchBrowser(child, new Connection(socket), profileDir)
    } catch (error) {
      child.kill('SIGKILL')
      rmSync(profileDir, { recursive: true, force: true })
      throw error
    }
  }

  /** A page of `width`×`height` CSS pixels in a browser context of its own (fresh storage). */
  async newPage(viewport: { width: number; height: number }): Promise<BenchPage> {
    const { browserContextId } = await this.connection.send('Target.createBrowserContext')
    const { targetId } = await this.connection.send('Target.createTarget', { url: 'about:blank', browserContextId })
    const { sessionId } = await this.connection.send('Target.attachToTarget', { targetId, flatten: true })
    const page = new BenchPage(this.connection, String(sessionId), String(browserContextId))
    await page.send('Page.enable')
    await page.send('Runtime.enable')
    await page.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false })
    return page
  }

  async close(): Promise<void> {
    const gone = this.child.exitCode !== null || this.child.signalCode !== null
    const exited = gone ? Promise.resolve() : new Promise((resolve) => this.child.once('exit', resolve))
    await this.connection.send('Browser.close').catch(() => this.child.kill('SIGKILL'))
    this.connection.close()
    await exited
    rmSync(this.profileDir, { recursive: true, force: true })
  }
}

/** Chromium prints its DevTools address on stderr once it listens. */
function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = ''
    let listening = false
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in ${START_TIMEOUT_MS} ms:\n${printed}`)), START_TIMEOUT_MS)
    // Read stderr to the end (a full pipe would block Chromium); keep only what comes before the address.
    child.stderr?.on('data', (chunk: Buffer) => {
      if (listening) return
      printed += chunk.toString()
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(printed)
      if (!found) return
      listening = true
      clearTimeout(timer)
      resolve(found[1] as string)
    })
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Chromium exited with ${code}:\n${printed}`))))
  })
}
