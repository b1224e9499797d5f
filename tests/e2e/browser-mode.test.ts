import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { WebSocket } from 'ws'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { processState } from '../support/processes.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems, waitForRow } from '../support/terminal-page.ts'

// Browser mode as a user meets it: `npm run serve`'s built host, real Chromium,
// the user's login shell in the one pane.

const WAIT_MS = 10_000

let browser: Browser | undefined

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

function requireBrowser(): Browser {
  if (!browser) throw new Error('Chromium did not start')
  return browser
}


async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator('.xterm').click()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}

describe('browser mode in Chromium', () => {
  let serve: ServeProcess | undefined
  let context: BrowserContext | undefined
  let page: Page
  let problems: string[] = []

  beforeAll(async () => {
    serve = await startServe()
    context = await requireBrowser().newContext()
    page = await context.newPage()
    problems = recordProblems(page)
    await page.goto(serve.url)
  })

  afterAll(async () => {
    await context?.close()
    await serve?.stop()
  })

  const served = (): ServeProcess => {
    if (!serve) throw new Error('serve did not start')
    return serve
  }

  // These share one tab and run in file order, as a user's session would.
  it('loads without console errors or page errors', async () => {
    await waitForRow(page, PROMPT_ROW, WAIT_MS)
    expect(problems).toEqual([])
  })

  it('shows the login shell prompt in the pane', async () => {
    await waitForRow(page, PROMPT_ROW, WAIT_MS)
    await expect(page.getByRole('alert').count()).resolves.toBe(0)
  })

  it('runs a typed command and shows its output line', async () => {
    await waitForRow(page, PROMPT_ROW, WAIT_MS)
    await typeCommand(page, 'echo tessera-$((6*7))')
    // Only the shell's output is exactly this; the echoed command still shows `$((6*7))`.
    await waitForRow(page, /^tessera-42\s*$/)
  })

  it('drops the token from the address bar and reconnects on reload with the earlier output', async () => {
    await waitForRow(page, PROMPT_ROW, WAIT_MS)
    expect(page.url()).toBe(`${served().origin}/`)
    await typeCommand(page, 'echo reload-$((2+3))')
    await waitForRow(page, /^reload-5\s*$/)

    await page.reload()
    // The new document starts empty, so this line can only come from the host's backlog.
    await waitForRow(page, /^reload-5\s*$/)
    expect(page.url()).toBe(`${served().origin}/`)
    await expect(page.getByRole('alert').count()).resolves.toBe(0)
    expect(problems).toEqual([])
  })

  it('shows a clear error and no terminal when the address has no token', async () => {
    const fresh = await requireBrowser().newContext()
    try {
      const tokenless = await fresh.newPage()
      await tokenless.goto(`${served().origin}/`)
      const alert = tokenless.getByRole('alert')
      await alert.waitFor({ timeout: WAIT_MS })
      await expect(alert.textContent()).resolves.toContain('no access token')
      await expect(tokenless.locator('.xterm').count()).resolves.toBe(0)
    } finally {
      await fresh.close()
    }
  })

  it('shows a clear error and no terminal when the token is wrong', async () => {
    const fresh = await requireBrowser().newContext()
    try {
      const wrong = await fresh.newPage()
      await wrong.goto(`${served().origin}/?token=${'0'.repeat(served().token.length)}`)
      await wrong.getByRole('alert').filter({ hasText: 'refused the connection' }).waitFor({ timeout: WAIT_MS })
      await expect(wrong.locator('.xterm').count()).resolves.toBe(0)
      // A refusal is not a lost connection: exactly one banner explains it.
      await expect(wrong.getByRole('alert').count()).resolves.toBe(1)
    } finally {
      await fresh.close()
    }
  })

  describe('the bridge WebSocket handshake', () => {
    const bridgeUrl = (token?: string): string =>
      `ws://127.0.0.1:${served().port}/bridge${token === undefined ? '' : `?token=${token}`}`

    it('refuses a connection without a token (401)', async () => {
      await expect(handshake(bridgeUrl(), served().origin)).resolves.toEqual({ status: 401 })
    })

    it('refuses a connection with a wrong token (401)', async () => {
      await expect(handshake(bridgeUrl('f'.repeat(served().token.length)), served().origin)).resolves.toEqual({ status: 401 })
    })

    it('refuses a foreign origin even with the right token (403)', async () => {
      await expect(handshake(bridgeUrl(served().token), 'http://evil.example')).resolves.toEqual({ status: 403 })
    })

    it('refuses another path even with the right token and origin (403)', async () => {
      const url = `ws://127.0.0.1:${served().port}/elsewhere?token=${served().token}`
      await expect(handshake(url, served().origin)).resolves.toEqual({ status: 403 })
    })

    it('opens with the right token from the page origin, 127.0.0.1 or localhost', async () => {
      await expect(handshake(bridgeUrl(served().token), served().origin)).resolves.toEqual({ status: 101 })
      await expect(handshake(bridgeUrl(served().token), `http://localhost:${served().port}`)).resolves.toEqual({ status: 101 })
    })
  })
})

describe('stopping browser mode', () => {
  it('ends the pane shell on SIGTERM and exits with code 0', { timeout: 30_000 }, async () => {
    const serve = await startServe()
    const context = await requireBrowser().newContext()
    try {
      const page = await context.newPage()
      await page.goto(serve.url)
      await waitForRow(page, PROMPT_ROW, WAIT_MS)
      const pid = await shellPid(serve)
      expect(processState(pid)).toBe('alive')

      // A connected browser must not keep the host from exiting.
      await expect(serve.stop('SIGTERM')).resolves.toBe(0)
      expect(processState(pid)).toBe('ESRCH')
      await page.getByRole('alert').filter({ hasText: 'Disconnected' }).waitFor({ timeout: WAIT_MS })
    } finally {
      await context.close()
      await serve.stop()
    }
  })
})

/** 101 when the upgrade succeeds, else the HTTP status the host refused it with. */
function handshake(url: string, origin: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin })
    socket.once('open', () => {
      socket.close()
      resolve({ status: 101 })
    })
    socket.once('unexpected-response', (_request, response) => {
      response.resume()
      resolve({ status: response.statusCode ?? 0 })
      socket.terminate()
    })
    // terminate() above reports an aborted handshake here; the promise has settled by then.
    socket.once('error', reject)
  })
}

/** The pane's shell pid, asked of the host over its own authorised bridge. */
async function shellPid(serve: ServeProcess): Promise<number> {
  const panes = await withBridge(serve, (bridge) => bridge.call('pane.list', {}))
  const pid = panes[0]?.pid
  if (panes.length !== 1 || pid === undefined) throw new Error(`expected one pane with a pid, got ${JSON.stringify(panes)}`)
  return pid
}
