import { rm } from 'node:fs/promises'
import { spawn, type IPty } from 'node-pty'
import { HeadlessScreen } from './screen.ts'
import { claudeEnv, FAKE_API_KEY, makeTempDir, prepareClaudeConfigDir } from './claude-config.ts'
import { DEFAULT_CLAUDE_CLI } from './claude-versions.ts'

export { claudeEnv, FAKE_API_KEY, makeTempDir, prepareClaudeConfigDir, type ClaudeConfigDirOptions } from './claude-config.ts'
export { REPO_ROOT } from './claude-versions.ts'

/**
 * Runs a real Claude Code CLI (one of claude-versions.ts) in a PTY against a
 * fake API, with an isolated, pre-seeded config dir so an interactive session
 * starts straight at the prompt. Facts behind the choices here:
 * /work/shared/claude-code-facts.md.
 */

const KILL_GRACE_MS = 3_000
const PROMPT_TIMEOUT_MS = 15_000

export interface LaunchClaudeOptions {
  /** The CLI executable; defaults to the first of CLAUDE_CLIS. */
  bin?: string
  args?: string[]
  /** Defaults to a fresh temp dir (removed by dispose). */
  cwd?: string
  /** Defaults to a fresh pre-seeded dir trusting cwd (removed by dispose). */
  configDir?: string
  apiBaseUrl: string
  apiKey?: string
  /** Added last, so it can override anything (e.g. CLAUDE_CODE_MAX_RETRIES). */
  env?: Record<string, string>
  cols?: number
  rows?: number
  /** More dirs for dispose() to remove. */
  ownedDirs?: string[]
}

export interface ExitInfo {
  exitCode: number
  signal: number | undefined
}

export interface ClaudeSession {
  pty: IPty
  screen: HeadlessScreen
  pid: number
  cwd: string
  configDir: string
  exited: Promise<ExitInfo>
  /** Raw bytes as a user's keyboard would send them. */
  write(text: string): void
  /** Types text, waits for it to show in the input box, presses Enter, waits for the box to take it. */
  submit(text: string, timeoutMs?: number): Promise<void>
  /** Resolves when the CLI is idle at an empty input box. */
  waitForPrompt(timeoutMs?: number): Promise<void>
  /** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
  kill(graceMs?: number): Promise<ExitInfo>
  /** Everything the CLI has printed so far (escape sequences included). */
  output(): string
  /** kill() and remove the temp dirs this launch created or was given. */
  dispose(): Promise<void>
}

export async function launchClaude(options: LaunchClaudeOptions): Promise<ClaudeSession> {
  const owned = [...(options.ownedDirs ?? [])]
  const apiKey = options.apiKey ?? FAKE_API_KEY
  const cwd = options.cwd ?? (await ownTempDir(owned, 'tessera-claude-cwd-'))
  const configDir = options.configDir ?? (await prepareClaudeConfigDir({ dir: await ownTempDir(owned, 'tessera-claude-config-'), apiKey, trustedDirs: [cwd] }))
  const cols = options.cols ?? 120
  const rows = options.rows ?? 40
  const screen = new HeadlessScreen({ cols, rows })
  const pty = spawn(options.bin ?? DEFAULT_CLAUDE_CLI.bin, options.args ?? [], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd,
    env: claudeEnv(options.apiBaseUrl, apiKey, configDir, options.env)
  })
  return wrapSession(pty, screen, { cwd, configDir, owned })
}

async function ownTempDir(owned: string[], prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix)
  owned.push(dir)
  return dir
}

interface SessionPlaces {
  cwd: string
  configDir: string
  owned: string[]
}

function wrapSession(pty: IPty, screen: HeadlessScreen, places: SessionPlaces): ClaudeSession {
  let raw = ''
  let hasExited = false
  pty.onData((data) => {
    raw += data
    void screen.write(data)
  })
  const exited = new Promise<ExitInfo>((resolve) => {
    pty.onExit(({ exitCode, signal }) => {
      hasExited = true
      resolve({ exitCode, signal: signal || undefined })
    })
  })
  const write = (text: string): void => {
    pty.write(text)
  }
  const kill = async (graceMs = KILL_GRACE_MS): Promise<ExitInfo> => {
    if (!hasExited) await terminate(pty, exited, graceMs)
    return exited
  }
  return {
    pty,
    screen,
    pid: pty.pid,
    cwd: places.cwd,
    configDir: places.configDir,
    exited,
    write,
    submit: (text, timeoutMs) => unlessExited(submitPrompt(screen, write, text, timeoutMs), exited, screen),
    waitForPrompt: (timeoutMs = PROMPT_TIMEOUT_MS) => unlessExited(screen.waitFor(isIdleAtPrompt, timeoutMs, 'the idle input prompt'), exited, screen),
    kill,
    output: () => raw,
    dispose: async () => {
      await kill()
      screen.dispose()
      await Promise.all(places.owned.map((dir) => rm(dir, { recursive: true, force: true })))
    }
  }
}

/** Fails a wait as soon as the CLI exits instead of at its timeout. */
function unlessExited<T>(work: Promise<T>, exited: Promise<ExitInfo>, screen: HeadlessScreen): Promise<T> {
  const early = exited.then((info): T => {
    throw new Error(`claude exited (code ${info.exitCode}, signal ${info.signal ?? 'none'}) while waiting. Screen:\n${screen.dump()}`)
  })
  early.catch(() => undefined) // only matters if it wins the race
  return Promise.race([work, early])
}

async function terminate(pty: IPty, exited: Promise<ExitInfo>, graceMs: number): Promise<void> {
  pty.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const graceOver = new Promise<'grace-over'>((resolve) => {
    timer = setTimeout(() => {
      resolve('grace-over')
    }, graceMs)
  })
  const outcome = await Promise.race([exited, graceOver])
  clearTimeout(timer)
  if (outcome === 'grace-over') pty.kill('SIGKILL')
  await exited
}

/**
 * One chunk "text\r" only works for short text: a longer chunk counts as a
 * paste, where \r becomes a newline instead of Enter. So Enter goes as its own
 * keystroke once the text (or its "[Pasted text #n]" placeholder) is in the box.
 */
export async function submitPrompt(screen: HeadlessScreen, write: (text: string) => void, text: string, timeoutMs = PROMPT_TIMEOUT_MS): Promise<void> {
  const tail = compact(text).slice(-24)
  const boxHoldsText = (s: HeadlessScreen): boolean => {
    const box = compact(inputBoxLines(s)?.join('') ?? '')
    return box.includes(tail) || /\[Pastedtext#\d+/.test(box)
  }
  write(text)
  await screen.waitFor(boxHoldsText, timeoutMs, `the typed text ${JSON.stringify(text.slice(-24))} in the input box`)
  write('\r')
  await screen.waitFor((s) => inputBoxLines(s) === undefined || !boxHoldsText(s), timeoutMs, 'the input box to take the prompt')
}

function compact(text: string): string {
  return text.replace(/\s+/g, '')
}

const RULE = /^─{20,}$/
const PROMPT_MARK = '❯'

interface InputBox {
  /** The box's lines with the `❯` removed. */
  lines: string[]
  /** Up to a few lines above the box: where the "✻ Verbing…" spinner row sits. */
  above: string[]
  /** Every line below the box: the footer. */
  below: string[]
}

/**
 * The input box is the last pair of full-width `────` rules with a `❯` line
 * between them. Only the lines around it are live: after a restart, the old
 * process's last frame (its busy footer too) stays on the screen above.
 */
function lastInputBox(screen: HeadlessScreen): InputBox | undefined {
  const lines = screen.lines()
  const rules = lines.flatMap((line, index) => (RULE.test(line.trim()) ? [index] : []))
  for (let i = rules.length - 1; i > 0; i--) {
    const top = rules[i - 1] ?? 0
    const bottom = rules[i] ?? 0
    if (!lines[top + 1]?.trimStart().startsWith(PROMPT_MARK)) continue
    // A dim placeholder ("Resend your message to try again" in 2.1.33x) is no text in the box.
    const box = lines.slice(top + 1, bottom).map((_, offset) => screen.lineWithoutDim(top + 1 + offset))
    return { lines: box.map((line) => line.replace(PROMPT_MARK, '')), above: lines.slice(Math.max(0, top - 4), top), below: lines.slice(bottom + 1) }
  }
  return undefined
}

export function inputBoxLines(screen: HeadlessScreen): string[] | undefined {
  return lastInputBox(screen)?.lines
}

/**
 * Working = any of: the "esc to interrupt" footer (a paste notice can replace
 * it), a braille spinner in the OSC title, or a "✻ Verbing…" spinner row.
 */
export function isBusy(screen: HeadlessScreen): boolean {
  if (/^[\u2800-\u28ff]/.test(screen.title)) return true
  const box = lastInputBox(screen)
  if (box === undefined) return screen.includes('esc to interrupt') || SPINNER_ROW.test(screen.text())
  return box.below.join('\n').includes('esc to interrupt') || SPINNER_ROW.test(box.above.join('\n'))
}

const SPINNER_ROW = /^[·✢✳✶✻✽*] [A-Z][a-z]+…/m

/**
 * Idle = an empty input box, not working, no permission dialog. The
 * "? for shortcuts" hint is not required: other notices replace it at times.
 */
export function isIdleAtPrompt(screen: HeadlessScreen): boolean {
  const box = lastInputBox(screen)
  if (box === undefined || compact(box.lines.join('')) !== '') return false
  // A live dialog replaces the box, so it shows below the last (stale) one.
  return !isBusy(screen) && !box.below.join('\n').includes('Do you want to proceed?')
}
