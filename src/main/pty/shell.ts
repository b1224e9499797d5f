// The shell's resolution moved to agents (a shell is one kind of pane); re-exported
// here so existing callers of pty keep working.
export { resolveUserShell, type ShellCommand } from '../agents'

/** The environment a pane's process starts with: the host's, plus terminal identity. */
export function paneEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('TESSERA_')) result[key] = value
  }
  return { ...result, TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'Tessera' }
}
