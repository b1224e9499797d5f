import { accessSync, constants } from 'node:fs'

export interface ShellCommand {
  file: string
  args: string[]
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The user's own shell as a login shell, falling back to what every Unix has. */
export function resolveUserShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): ShellCommand {
  if (platform === 'win32') return { file: env.COMSPEC ?? 'powershell.exe', args: [] }
  const candidates = [env.SHELL, '/bin/bash', '/bin/sh'].filter((f): f is string => !!f)
  const file = candidates.find(isExecutable) ?? '/bin/sh'
  return { file, args: ['-l'] }
}

/** The environment a pane's process starts with: the host's, plus terminal identity. */
export function paneEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('TESSERA_')) result[key] = value
  }
  return { ...result, TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'Tessera' }
}
