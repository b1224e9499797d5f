import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { CallInput, CallName, CallOutput } from '../../src/shared/bridge.ts'
import { withBridge } from '../support/bridge-client.ts'
import { offlineClaude, type OfflineClaude } from '../support/offline-claude.ts'
import { launchChromium } from '../support/chromium.ts'
import type { FakeAnthropic } from '../support/fake-anthropic.ts'
import { processState } from '../support/processes.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// Input and closing as a user meets them: a paste of megabytes arrives whole, and closing a
// pane that is in the middle of something asks first while an idle one just closes.

const WAIT_MS = 30_000

let browser: Browser | undefined
let context: BrowserContext | undefined
let serve: ServeProcess | undefined
let api: FakeAnthropic | undefined
let claude: OfflineClaude | undefined
let scratch = ''
let page: Page
let problems: string[] = []
let firstShell = ''

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'tessera-input-')))
  claude = await offlineClaude(scratch)
  api = claude.api
  serve = await startServe([], claude.env)
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] })
  page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await page.locator('section.pane').first().waitFor()
  firstShell = (await page.locator('section.pane').first().getAttribute('data-pane-id')) ?? ''
  await rows(pane(firstShell), PROMPT_ROW).first().waitFor()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await serve?.stop()
  await claude?.dispose()
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

function bridge<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call(name, input))
}

const pane = (paneId: string): Locator => page.locator(`section.pane[data-pane-id="${paneId}"]`)
const rows = (target: Locator, pattern: RegExp): Locator => target.locator('.xterm-rows > div').filter({ hasText: pattern })
const closeDialog = (): Locator => page.getByRole('dialog', { name: 'Close this pane?' })

async function typeIn(paneId: string, command: string): Promise<void> {
  await pane(paneId).locator('.xterm-screen').click()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}

/** A shell beside the first one, at its prompt. */
async function newShell(): Promise<string> {
  const info = await bridge('pane.create', { kind: 'shell', cols: 80, rows: 24, beside: { paneId: firstShell, edge: 'right' } })
  await rows(pane(info.id), PROMPT_ROW).first().waitFor()
  return info.id
}

/** Polls the host (a process starting sends no event) until the shell's foreground job is `name`. */
async function untilJob(paneId: string, name: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while ((await bridge('pane.foregroundJob', { paneId })).job !== name) {
    if (Date.now() > deadline) throw new Error(`${name} never held pane ${paneId}'s terminal`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Polls the file (a write sends the test no event) until it holds `bytes`; cat writes each line as it reads it. */
async function untilFileSize(file: string, bytes: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  const size = (): number => (existsSync(file) ? statSync(file).size : 0)
  while (size() < bytes) {
    if (Date.now() > deadline) throw new Error(`${file} holds ${size()} of ${bytes} bytes`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** About 3 MB of lines, some of them not ASCII (a surrogate pair may land on a piece's edge). */
function pasteText(): string {
  const lines: string[] = []
  for (let i = 0; i < 30_000; i++) {
    const tail = i % 997 === 0 ? 'ünïcødé 😀 — ⎿ box' : 'abcdefghijklmnopqrstuvwxyz'.repeat(3)
    lines.push(`line-${String(i).padStart(6, '0')} ${tail} ${'x'.repeat(10)}`)
  }
  lines.push('end-of-paste-marker')
  return `${lines.join('\n')}\n`
}

describe('input and closing in Chromium', () => {
  it('pastes 3 MB into cat > file whole, in pieces under the bridge cap', async () => {
    const text = pasteText()
    expect(text.length).toBeGreaterThan(3_000_000)
    const target = join(scratch, 'pasted.txt')
    await page.evaluate((value) => navigator.clipboard.writeText(value), text)
    // No echo: this checks what reaches the program, not how a 3 MB echo is drawn (floods have their own tests).
    await typeIn(firstShell, `stty -echo; cat > ${target}; stty echo`)
    await untilJob(firstShell, 'cat')
    await page.keyboard.press('Control+Shift+V')
    await untilFileSize(target, Buffer.byteLength(text))
    await page.keyboard.press('Control+D')
    await typeIn(firstShell, `echo written-$(wc -c < ${target})`)
    await rows(pane(firstShell), new RegExp(`^written-${Buffer.byteLength(text)}\\s*$`)).first().waitFor()
    const written = readFileSync(target, 'utf8')
    expect(written.length).toBe(text.length)
    expect(written === text).toBe(true)
    await expect(page.locator('.banner').count()).resolves.toBe(0)
    expect(problems).toEqual([])
  })

  it('closes a shell that only printed at once, without asking', async () => {
    const idle = await newShell()
    await typeIn(idle, 'echo just-printed')
    await rows(pane(idle), /^just-printed\s*$/).first().waitFor()
    // Output flowed a moment ago, but no job holds the terminal: nothing to ask about.
    await page.keyboard.press('Control+Shift+X')
    await pane(idle).waitFor({ state: 'detached' })
    await expect(closeDialog().count()).resolves.toBe(0)
  })

  it('asks before closing a shell running a job or an agent at work, and shows a slow close', async () => {
    const busy = await newShell()
    // The job ignores SIGHUP, so the close waits out the host's grace period: long enough to show.
    await typeIn(busy, "trap '' HUP; sleep 600")
    await untilJob(busy, 'sleep')
    const pid = (await bridge('pane.list', {})).find((info) => info.id === busy)?.pid
    if (pid === undefined) throw new Error('the busy shell has no pid')

    await page.keyboard.press('Control+Shift+X')
    await closeDialog().getByText('is running sleep').waitFor()
    await closeDialog().getByRole('button', { name: 'Cancel' }).click()
    await closeDialog().waitFor({ state: 'detached' })
    await expect(pane(busy).count()).resolves.toBe(1)
    expect(processState(pid)).toBe('alive')

    // A Claude pane in the middle of a turn (the fake API holds its reply).
    const claude = await bridge('pane.create', { kind: 'claude', cwd: scratch, cols: 80, rows: 24, beside: { paneId: busy, edge: 'bottom' } })
    const badge = pane(claude.id).locator('.status-badge')
    await badge.and(page.locator('[data-state="idle"]')).waitFor()
    api?.enqueue({ stall: true })
    await rows(pane(claude.id), /\? for shortcuts/).first().waitFor()
    await typeIn(claude.id, 'take your time')
    await badge.and(page.locator('[data-state="working"]')).waitFor()
    await page.keyboard.press('Control+Shift+X')
    await closeDialog().getByText('is working').waitFor()
    await page.keyboard.press('Escape')
    await closeDialog().waitFor({ state: 'detached' })
    await expect(pane(claude.id).count()).resolves.toBe(1)

    // Close the shell after all, and never be asked again on this device.
    await pane(busy).locator('.xterm-screen').click()
    await page.keyboard.press('Control+Shift+X')
    await closeDialog().getByRole('checkbox', { name: 'Don’t ask again' }).check()
    await closeDialog().getByRole('button', { name: 'Close pane' }).click()
    await pane(busy).getByRole('status').filter({ hasText: 'Closing…' }).waitFor()
    await pane(busy).waitFor({ state: 'detached' })
    expect(processState(pid)).toBe('ESRCH')

    // The working agent now closes without a question.
    await pane(claude.id).locator('.xterm-screen').click()
    await page.keyboard.press('Control+Shift+X')
    await pane(claude.id).waitFor({ state: 'detached' })
    await expect(closeDialog().count()).resolves.toBe(0)
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tessera.view') ?? '{}').confirmClose)).toBe(false)
    expect(problems).toEqual([])
  })
})
