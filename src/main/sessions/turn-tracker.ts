/**
 * How a Claude turn ended: its Stop hook, its StopFailure hook, the agent back at its prompt
 * with neither (Esc, a permission answered No: no hook fires), or its process ending first.
 */
export interface TurnEnd {
  outcome: 'stop' | 'failure' | 'interrupted' | 'exited'
  /** Stop: the turn's final text (last_assistant_message); StopFailure: the error; interrupted, exited: why. */
  message?: string
  /** The Claude session the turn ran in. */
  sessionId?: string
  /** ms since the epoch (host clock) the end was heard. */
  at: number
}

/** A point in a pane's hook stream: a turn whose prompt was submitted after it is "a later turn". */
export interface TurnMark {
  paneId: string
  seq: number
}

interface Seen {
  seq: number
  promptId: string | undefined
}

interface PaneTurns {
  /** Every hook event heard for the pane, counted in arrival order. */
  seq: number
  submits: Seen[]
  ends: Array<Seen & { end: TurnEnd }>
  waiters: Set<() => void>
}

/** Enough to match a turn's ends to its prompt; older entries no waiter can still want. */
const KEPT = 64

/**
 * Follows Claude panes' turns from their hooks, so a caller can wait for "the turn my prompt
 * started" to end without missing one that ended before it asked. Hooks are separate
 * processes, so a fast turn's Stop can arrive before its UserPromptSubmit: ends are kept and
 * matched to the prompt by `prompt_id` (the CLI stamps every hook with its latest prompt's id);
 * without ids, the first end heard after the mark counts.
 */
export class TurnTracker {
  private readonly panes = new Map<string, PaneTurns>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Every authenticated hook event (createHost's onHook). */
  hook(paneId: string, event: string, payload: Record<string, unknown>): void {
    const turns = this.turns(paneId)
    const seen: Seen = { seq: ++turns.seq, promptId: typeof payload.prompt_id === 'string' ? payload.prompt_id : undefined }
    if (event === 'UserPromptSubmit') turns.submits = [...turns.submits, seen].slice(-KEPT)
    if (event === 'Stop' || event === 'StopFailure') {
      const message = event === 'Stop' ? payload.last_assistant_message : (payload.error ?? payload.last_assistant_message)
      const end: TurnEnd = {
        outcome: event === 'Stop' ? 'stop' : 'failure',
        at: this.now(),
        ...(typeof message === 'string' && { message }),
        ...(typeof payload.session_id === 'string' && { sessionId: payload.session_id })
      }
      // A Stop later than the grace still tells how the turn ended, for whoever asks from now on.
      const superseded = (entry: (typeof turns.ends)[number]): boolean => entry.end.outcome === 'interrupted' && sameTurn(entry.promptId, seen.promptId)
      turns.ends = [...turns.ends.filter((entry) => !superseded(entry)), { ...seen, end }].slice(-KEPT)
    }
    this.wake(turns)
  }

  /** The pane's process ended: a turn still open ends with it. */
  exited(paneId: string, reason: string): void {
    const turns = this.turns(paneId)
    const end: TurnEnd = { outcome: 'exited', message: reason, at: this.now() }
    turns.ends = [...turns.ends, { seq: ++turns.seq, promptId: undefined, end }].slice(-KEPT)
    this.wake(turns)
  }

  /** The agent is back at its prompt though no Stop or StopFailure came: a turn still open ended without one. */
  interrupted(paneId: string, reason: string): void {
    const turns = this.turns(paneId)
    if (!this.hasOpenTurn(paneId)) return
    const end: TurnEnd = { outcome: 'interrupted', message: reason, at: this.now() }
    turns.ends = [...turns.ends, { seq: ++turns.seq, promptId: turns.submits.at(-1)?.promptId, end }].slice(-KEPT)
    this.wake(turns)
  }

  /** A prompt was submitted and its turn has not ended yet. */
  hasOpenTurn(paneId: string): boolean {
    const turns = this.panes.get(paneId)
    const submit = turns?.submits.at(-1)
    return submit !== undefined && !turns?.ends.some((entry) => entry.seq > submit.seq && sameTurn(entry.promptId, submit.promptId))
  }

  /** Now, in the pane's hook stream: take it before submitting a prompt. */
  mark(paneId: string): TurnMark {
    return { paneId, seq: this.turns(paneId).seq }
  }

  /** Whether a prompt was submitted (UserPromptSubmit heard) after the mark. */
  submittedSince(mark: TurnMark): boolean {
    return this.turns(mark.paneId).submits.some((submit) => submit.seq > mark.seq)
  }

  /** The end of the first turn submitted after the mark, if it ended; undefined while it runs (or none started). */
  endSince(mark: TurnMark): TurnEnd | undefined {
    const turns = this.turns(mark.paneId)
    const exited = turns.ends.find((entry) => entry.seq > mark.seq && entry.end.outcome === 'exited')
    const submit = turns.submits.find((entry) => entry.seq > mark.seq)
    if (!submit) return exited?.end
    const ended = turns.ends.find((entry) => entry.seq > mark.seq && entry.end.outcome !== 'exited' && sameTurn(entry.promptId, submit.promptId))
    if (ended && (!exited || ended.seq < exited.seq)) return ended.end
    return exited?.end
  }

  /** Resolves with the end of the first turn submitted after the mark (at once if it already ended); rejects when aborted. */
  waitForEnd(mark: TurnMark, signal?: AbortSignal): Promise<TurnEnd> {
    const turns = this.turns(mark.paneId)
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const end = this.endSince(mark)
        if (!end) return
        done()
        resolve(end)
      }
      const aborted = (): void => {
        done()
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      }
      const done = (): void => {
        turns.waiters.delete(check)
        signal?.removeEventListener('abort', aborted)
      }
      if (signal?.aborted) return aborted()
      turns.waiters.add(check)
      signal?.addEventListener('abort', aborted, { once: true })
      check()
    })
  }

  /** Wakes the pane's waiters (a caller watching more than turns uses it too). */
  onChange(paneId: string, listener: () => void): () => void {
    const turns = this.turns(paneId)
    turns.waiters.add(listener)
    return () => turns.waiters.delete(listener)
  }

  /** The pane closed for good. */
  forget(paneId: string): void {
    this.panes.delete(paneId)
  }

  private turns(paneId: string): PaneTurns {
    let turns = this.panes.get(paneId)
    if (!turns) {
      turns = { seq: 0, submits: [], ends: [], waiters: new Set() }
      this.panes.set(paneId, turns)
    }
    return turns
  }

  private wake(turns: PaneTurns): void {
    for (const waiter of [...turns.waiters]) waiter()
  }
}

/** An end belongs to a prompt when their ids agree; a side without an id cannot tell, so it counts. */
function sameTurn(endPrompt: string | undefined, submitPrompt: string | undefined): boolean {
  return endPrompt === undefined || submitPrompt === undefined || endPrompt === submitPrompt
}
