import type { EventName } from '../../shared/bridge'
import type { PaneStatus } from '../../shared/status'
import { HostError } from '../bridge'
import type { Logger } from '../log'
import { boxHolds, inputBox } from './input-box'
import type { TurnMark, TurnTracker } from './turn-tracker'

export interface PromptSenderDeps {
  panes: {
    write(paneId: string, data: string): void
    /** The pane's visible rows as text (the headless mirror). */
    screenText(paneId: string): Promise<string[]>
  }
  status: { status(paneId: string): PaneStatus | undefined }
  turns: TurnTracker
  /** Host events: a pane's output, status, exit and the pane list wake the waits. */
  events: { subscribe(listener: (name: EventName, payload: unknown) => void): () => void }
  log: Logger
}

export interface SubmitOptions {
  /** How long the agent may take to be ready at its prompt (a trust dialog or a turn the user started delays it). */
  readyTimeoutMs?: number
  /** Cancels the wait (the task was paused, say); nothing is typed after it fires. */
  signal?: AbortSignal
}

const DEFAULT_READY_MS = 10 * 60_000
/** The pasted text shows in the box, and Enter is taken, within this (the CLI draws in milliseconds). */
const ECHO_MS = 20_000
/** Enter pressed and the box still holds the text this long later: it was lost (typed while the CLI re-rendered), press it again once. */
const ENTER_AGAIN_MS = 2_000
/** At most one screen read per pane this often while output streams. */
const READ_EVERY_MS = 50

/** States in which Claude sits at its input box: idle, or after a failed turn. */
const AT_PROMPT: ReadonlySet<string> = new Set(['idle', 'error'])

/** Text as a paste: ESC is dropped so the text cannot end the bracketed paste or send keys. */
const asPaste = (text: string): string => `\x1b[200~${text.split('\x1b').join('')}\x1b[201~`

/**
 * Submits prompts to Claude panes the way a user would, robustly: waits until the agent is
 * idle at its input box (its hooks say idle and the box is drawn), pastes the text as a
 * bracketed paste (so newlines stay newlines and a long text is one "[Pasted text]"), waits
 * for the box to show it, then presses Enter as its own keystroke and waits for the CLI's
 * UserPromptSubmit. Returns the mark taken before Enter: TurnTracker.waitForEnd(mark) gives
 * that turn's end, however fast it came.
 */
export class PromptSender {
  constructor(private readonly deps: PromptSenderDeps) {}

  async submit(paneId: string, text: string, options: SubmitOptions = {}): Promise<TurnMark> {
    if (text.trim() === '') throw new HostError('invalid_input', 'The prompt is empty')
    const { panes, turns } = this.deps
    const box = async (): Promise<ReturnType<typeof inputBox>> => inputBox(await panes.screenText(paneId))
    await this.until(paneId, async () => AT_PROMPT.has(this.state(paneId)) && (await box()) !== undefined, options.readyTimeoutMs ?? DEFAULT_READY_MS, 'the agent to be idle at its prompt', options.signal)
    panes.write(paneId, asPaste(text))
    await this.until(paneId, async () => boxHolds(await box(), text), ECHO_MS, 'the pasted prompt to show in the input box', options.signal)
    const mark = turns.mark(paneId)
    panes.write(paneId, '\r')
    let pressedAgain = false
    const started = Date.now()
    await this.until(
      paneId,
      async () => {
        if (turns.submittedSince(mark) || this.state(paneId) === 'working') return true
        const holds = boxHolds(await box(), text)
        if (!holds) return false
        if (!pressedAgain && Date.now() - started >= ENTER_AGAIN_MS) {
          pressedAgain = true
          this.deps.log.info('prompt still in the input box: Enter pressed again', { paneId })
          panes.write(paneId, '\r')
        }
        return false
      },
      ECHO_MS,
      'the agent to take the prompt',
      options.signal,
      ENTER_AGAIN_MS
    )
    return mark
  }

  private state(paneId: string): string {
    return this.deps.status.status(paneId)?.state ?? 'gone'
  }

  /**
   * Resolves once `check` holds, checking again whenever the pane prints, changes status or
   * exits (and every `recheckMs` when given); rejects on timeout, abort, or the pane closing.
   */
  private until(paneId: string, check: () => Promise<boolean>, timeoutMs: number, what: string, signal?: AbortSignal, recheckMs?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let running = false
      let again = false
      let settled = false
      let pause: NodeJS.Timeout | undefined
      const finish = (error?: Error): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearTimeout(pause)
        clearInterval(recheck)
        unsubscribe()
        signal?.removeEventListener('abort', aborted)
        if (error) reject(error)
        else resolve()
      }
      const run = (): void => {
        if (settled) return
        if (running) {
          again = true
          return
        }
        running = true
        again = false
        check().then(
          (ok) => {
            running = false
            if (ok) return finish()
            // An ended agent may come back (a model switch or crash restart): only a closed pane ends the wait early.
            if (this.state(paneId) === 'gone') return finish(new HostError('not_found', `The pane closed while Tessera waited for ${what}`))
            if (again) pause = setTimeout(run, READ_EVERY_MS)
          },
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error)))
        )
      }
      const aborted = (): void => finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      const timer = setTimeout(() => finish(new HostError('failed', `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)), timeoutMs)
      const recheck = recheckMs ? setInterval(run, recheckMs) : undefined
      const unsubscribe = this.deps.events.subscribe((name, payload) => {
        if (name === 'panes.changed' || (payload as { paneId?: string } | undefined)?.paneId === paneId) run()
      })
      if (signal?.aborted) return aborted()
      signal?.addEventListener('abort', aborted, { once: true })
      run()
    })
  }
}
