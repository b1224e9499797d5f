import { open } from 'node:fs/promises'

/** How much of a transcript's end is read to find the turn's last reply. */
const TAIL_BYTES = 256 * 1024
const CHECK_EVERY_MS = 20

/** The last turn a Claude pane finished: where its transcript is and the reply it ended with (its Stop hook). */
export interface FinishedTurn {
  transcriptPath: string
  message: string
}

/**
 * Resolves once the transcript holds the turn's last reply, or after `timeoutMs`. Claude Code
 * writes its transcript a little after the Stop hook (about 170 ms seen on 2.1.197) and drops
 * what it has not written when it is signalled, so an agent ended right after a turn (a model
 * switch, a restart) would resume without that reply. Resolves true when the reply is there.
 */
export async function untilTranscriptHolds(turn: FinishedTurn, timeoutMs: number): Promise<boolean> {
  // The reply as the transcript's JSON spells it; its end is enough to recognise it.
  const needle = JSON.stringify(turn.message).slice(1, -1).slice(-200)
  if (needle === '') return true
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if ((await tail(turn.transcriptPath)).includes(needle)) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS))
  }
}

async function tail(path: string): Promise<string> {
  let handle
  try {
    handle = await open(path, 'r')
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    return buffer.toString('utf8')
  } catch {
    return ''
  } finally {
    await handle?.close()
  }
}
