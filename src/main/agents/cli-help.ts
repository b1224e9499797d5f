// What an installed Claude Code accepts, read from its own `--help` rather than assumed
// from a version number: flags come and go, and permission modes were renamed.

export interface ClaudeCapabilities {
  /** Every long flag the help lists, e.g. "--permission-mode". */
  flags: ReadonlySet<string>
  /** The `--permission-mode` choices, when the help lists them. */
  permissionModes?: readonly string[]
  /** Whether --fallback-model acts in interactive sessions (older CLIs: --print only). */
  fallbackModelInteractive: boolean
}

/** Every supported version has these; a help text without them is not one we can read. */
const ESSENTIAL_FLAGS = ['--model', '--session-id', '--resume', '--settings']

interface OptionEntry {
  flags: string[]
  description: string
}

/** Option lines start with two spaces and a dash; their description may wrap onto indented lines. */
function optionEntries(help: string): OptionEntry[] {
  const entries: OptionEntry[] = []
  let inOptions = false
  for (const line of help.split('\n')) {
    if (/^\S/.test(line)) {
      inOptions = /^Options:/.test(line)
      continue
    }
    if (!inOptions) continue
    const definition = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line)
    if (definition) {
      const [, names = '', description = ''] = definition
      entries.push({ flags: names.match(/--[A-Za-z][\w-]*/g) ?? [], description })
    } else if (entries.length > 0 && line.trim()) {
      const last = entries[entries.length - 1] as OptionEntry
      last.description += ` ${line.trim()}`
    }
  }
  return entries
}

function choicesOf(description: string): string[] | undefined {
  const list = /choices:\s*((?:"[^"]+"(?:,\s*)?)+)/.exec(description)?.[1]
  return list ? [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string) : undefined
}

/** Parses `claude --help`; undefined when it does not look like a Claude Code help text we understand. */
export function parseClaudeHelp(help: string): ClaudeCapabilities | undefined {
  const entries = optionEntries(help)
  const flags = new Set(entries.flatMap((entry) => entry.flags))
  if (!ESSENTIAL_FLAGS.every((flag) => flags.has(flag))) return undefined
  const describe = (flag: string): string => entries.find((entry) => entry.flags.includes(flag))?.description ?? ''
  const permissionModes = choicesOf(describe('--permission-mode'))
  return {
    flags,
    ...(permissionModes ? { permissionModes } : {}),
    fallbackModelInteractive: !/only works with --print/i.test(describe('--fallback-model'))
  }
}

/** "2.1.332" out of "2.1.332 (Claude Code)"; undefined when no version number is printed. */
export function parseVersion(output: string): string | undefined {
  return /\b(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\b/.exec(output)?.[1]
}
