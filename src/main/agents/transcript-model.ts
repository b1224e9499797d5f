import { open } from 'node:fs/promises'

/** Enough of a transcript's end to hold its last reply lines. */
const TAIL_BYTES = 256 * 1024

/**
 * The model of the last reply in a Claude transcript (JSONL; assistant lines carry
 * `message.model`), or undefined. `<synthetic>` lines are the CLI's own, not a model's.
 */
export async function lastReplyModel(transcriptPath: string): Promise<string | undefined> {
  try {
    const file = await open(transcriptPath, 'r')
    try {
      const { size } = await file.stat()
      const start = Math.max(0, size - TAIL_BYTES)
      const buffer = Buffer.alloc(size - start)
      await file.read(buffer, 0, buffer.length, start)
      return modelInLines(buffer.toString('utf8').split('\n').reverse())
    } finally {
      await file.close()
    }
  } catch {
    return undefined
  }
}

function modelInLines(lines: string[]): string | undefined {
  for (const line of lines) {
    if (!line.includes('"assistant"')) continue
    try {
      const entry = JSON.parse(line) as { type?: unknown; message?: { model?: unknown } }
      const model = entry.message?.model
      if (entry.type === 'assistant' && typeof model === 'string' && model !== '<synthetic>') return model
    } catch {
      // The first line of the tail may be cut; any other broken line is skipped too.
    }
  }
  return undefined
}
