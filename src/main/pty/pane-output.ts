import { basename } from 'node:path'
import type { PaneKind } from '../../shared/bridge'

/**
 * Written into a pane before its process restarts: leave the alternate screen (without
 * restoring an old cursor), soft-reset modes, and turn off mouse reporting and bracketed
 * paste, so a program that died mid-TUI does not leave the next one a broken terminal.
 */
export const RESTART_RESET = '\x1b[?1047l\x1b[!p\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\r\n'

/** What the serialize addon writes before the alternate screen's rows, when that screen was active. */
const ALT_SCREEN_SWITCH = '\x1b[?1049h\x1b[H'

/**
 * A saved screen as plain rows in the normal buffer: a full-screen program's last screen
 * (the alternate buffer, Claude Code 2.1.33x draws there) goes below the normal rows instead
 * of into an alternate screen the reset after it would leave, so it shows until the new
 * program draws and stays in the scrollback after.
 */
export function flattenedScreen(snapshot: string): string {
  const at = snapshot.lastIndexOf(ALT_SCREEN_SWITCH)
  if (at < 0) return snapshot
  return `${snapshot.slice(0, at)}\x1b[0m\r\n${snapshot.slice(at + ALT_SCREEN_SWITCH.length)}`
}

// Escape sequences (CSI, OSC/DCS strings, two-byte ESC) and control characters: what draws nothing by itself.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|[\x00-\x20\x7f]/g

/** Whether output shows any text (a prompt, a banner), not only terminal setup or cursor moves. */
export function hasVisibleText(data: string): boolean {
  return data.replace(INVISIBLE, '').length > 0
}

/** How the pane shows a problem in its own output (the renderer shows pane output). */
export const errorBanner = (message: string): string => `\r\n\x1b[31m[tessera] ${message}\x1b[0m\r\n`

/** "bash — project" for a shell, "claude — project" for an agent. */
export function defaultTitle(kind: PaneKind, file: string | undefined, cwd: string): string {
  const program = kind === 'shell' && file ? basename(file) : kind
  return `${program} — ${basename(cwd) || cwd}`
}

/**
 * node-pty forks, then the child calls execvp; when that fails the child prints
 * "execvp(3) failed.: <reason>" and exits 1. Recognise it so the pane gets an error.
 */
export function execFailure(firstOutput: string, exitCode: number): string | undefined {
  if (exitCode !== 1) return undefined
  return /^execvp\(3\) failed\.: ([^\r\n]+)/m.exec(firstOutput)?.[1]
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
