import type { Page } from 'playwright-core'
import { TEST_PROMPT } from './serve-process'

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// xterm's DOM renderer draws blanks as no-break spaces; `\s` matches both.
export const PROMPT_ROW = new RegExp(`^${escapeRegExp(TEST_PROMPT.trimEnd())}\\s`)

/** Waits until one terminal row on the page matches; the wait itself is the assertion. */
export async function waitForRow(page: Page, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  await page.locator('.xterm-rows > div').filter({ hasText: pattern }).first().waitFor({ timeout: timeoutMs })
}

/** Console errors and uncaught page errors, recorded from before the first navigation. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  return problems
}

/** Records what the page hands to the Notifications API; the returned function reads them ("title | body"). Call before page.goto. */
export async function recordNotifications(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const shown: string[] = []
    const Real = window.Notification
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        shown.push(`${title} | ${options?.body ?? ''}`)
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded })
    Object.defineProperty(window, 'shownNotifications', { value: shown })
  })
  return () => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications)
}
