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
