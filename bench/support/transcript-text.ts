// Deterministic randomness and text for the generated transcript corpus: the same seed
// gives the same bytes, so a cached corpus and a new one are alike.

/** mulberry32: small, fast, good enough to shape test data. */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Weighted choice: `[item, weight]` pairs. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0)
    let at = this.next() * total
    for (const [item, weight] of items) if ((at -= weight) < 0) return item
    return (items.at(-1) as readonly [T, number])[0]
  }

  /** A heavy-tailed count: most small, a few large (log-normal), clamped. */
  logNormal(median: number, spread: number, min: number, max: number): number {
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next())
    return Math.max(min, Math.min(max, Math.round(median * Math.exp(spread * normal))))
  }

  chars(length: number, alphabet = BASE62): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }

  uuid(): string {
    const hex = this.chars(32, HEX)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`
  }
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const HEX = '0123456789abcdef'

const WORDS = (
  'the a to of and in is that for it with as on this be are we can by file test function value when which from but not ' +
  'or if return type error line new data will should use state pane host worker scan token cost model session request ' +
  'update check build config path folder read write change handler event before after first last each every until ' +
  'because so then still only also just here there now fix issue case result output input cache usage budget report ' +
  'naïve café résumé — → ✓ 日本語 größer “quoted” ‘single’ … · ½ °C'
).split(' ')

const IDENTIFIERS = ['value', 'result', 'paneId', 'session', 'tokens', 'entry', 'options', 'buffer', 'offset', 'ledger', 'report', 'config', 'status', 'line', 'chunk']
const CALLS = ['load', 'parse', 'render', 'update', 'scan', 'flush', 'resolve', 'format', 'count', 'emit', 'watch', 'close']

function sentence(rng: Rng): string {
  const words: string[] = []
  const length = rng.int(6, 22)
  for (let i = 0; i < length; i++) words.push(rng.pick(WORDS))
  const text = words.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${rng.pick(['.', '.', '.', '?', ':', '!'])}`
}

function proseBlock(rng: Rng, chars: number): string {
  let out = ''
  while (out.length < chars) {
    out += sentence(rng)
    out += rng.chance(0.15) ? '\n\n' : rng.chance(0.1) ? `\n- \`${rng.pick(IDENTIFIERS)}\`: ` : ' '
  }
  return out
}

function codeLine(rng: Rng, indent: string): string {
  const id = rng.pick(IDENTIFIERS)
  switch (rng.int(0, 7)) {
    case 0:
      return `${indent}const ${id}${rng.int(1, 99)} = await ${rng.pick(CALLS)}("${rng.pick(IDENTIFIERS)}/${rng.chars(6)}.ts", { retries: ${rng.int(0, 9)} })`
    case 1:
      return `${indent}if (${id} === '\\n' || ${id}.length > ${rng.int(1, 4096)}) return undefined`
    case 2:
      return `${indent}// ${sentence(rng)}`
    case 3:
      return `${indent}for (const ${id} of ${rng.pick(IDENTIFIERS)}s) ${rng.pick(CALLS)}(${id}, \`\${${rng.pick(IDENTIFIERS)}}\`)`
    case 4:
      return `${indent}${id}.${rng.pick(CALLS)}(${rng.int(0, 1000)}, /\\d+\\.\\d+/, 'it\\'s "quoted"')`
    case 5:
      return `${indent}export function ${rng.pick(CALLS)}${rng.chars(4)}(${id}: string): number {`
    case 6:
      return `${indent}\treturn ${id} ?? ${rng.int(0, 1 << 20)}`
    default:
      return ''
  }
}

function codeBlock(rng: Rng, chars: number): string {
  const lines: string[] = []
  let length = 0
  while (length < chars) {
    const line = codeLine(rng, '  '.repeat(rng.int(0, 3)))
    lines.push(line)
    length += line.length + 1
  }
  return lines.join('\n')
}

function shellBlock(rng: Rng, chars: number): string {
  const lines: string[] = []
  let length = 0
  while (length < chars) {
    const line = rng.chance(0.5)
      ? `${rng.pick(['-rw-r--r--', 'drwxr-xr-x'])} 1 user user ${String(rng.int(0, 99999)).padStart(6)} Nov ${rng.int(1, 30)} ${rng.int(10, 23)}:${rng.int(10, 59)} ${rng.pick(IDENTIFIERS)}-${rng.chars(5)}.${rng.pick(['ts', 'json', 'md', 'py'])}`
      : ` ✓ tests/unit/${rng.pick(IDENTIFIERS)}.test.ts (${rng.int(1, 40)} tests) ${rng.int(2, 900)}ms`
    lines.push(line)
    length += line.length + 1
  }
  return lines.join('\n')
}

const POOL_BLOCKS = 48
const POOL_BLOCK_CHARS = 64 * 1024

/** Long blocks of prose, code and shell output; content is cut from them, so making it costs little. */
export class TextPool {
  private readonly prose: string[] = []
  private readonly code: string[] = []
  private readonly shell: string[] = []

  constructor(private readonly rng: Rng) {
    for (let i = 0; i < POOL_BLOCKS; i++) {
      this.prose.push(proseBlock(rng, POOL_BLOCK_CHARS))
      this.code.push(codeBlock(rng, POOL_BLOCK_CHARS))
      this.shell.push(shellBlock(rng, POOL_BLOCK_CHARS))
    }
  }

  prosePiece(chars: number): string {
    return this.cut(this.prose, chars)
  }

  codePiece(chars: number): string {
    return this.cut(this.code, chars)
  }

  shellPiece(chars: number): string {
    return this.cut(this.shell, chars)
  }

  /** Starts at a line or word boundary, so no character is cut in two. */
  private cut(blocks: string[], chars: number): string {
    const block = this.rng.pick(blocks)
    const length = Math.min(chars, block.length)
    const start = this.rng.int(0, block.length - length)
    const boundary = block.indexOf(' ', start)
    const from = boundary < 0 || boundary + 1 + length > block.length ? 0 : boundary + 1
    return block.slice(from, from + length)
  }
}
