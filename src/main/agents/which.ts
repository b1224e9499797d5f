import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** Names to try for `name`: Windows adds the PATHEXT extensions (.EXE, .CMD, …). */
function candidateNames(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return [name]
  const extensions = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
  return [name, ...extensions.map((ext) => name + ext.toLowerCase())]
}

/** The first executable called `name` in `dirs`, like `which`. */
export function findExecutable(
  name: string,
  dirs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  for (const dir of dirs) {
    for (const candidate of candidateNames(name, env, platform)) {
      const file = join(dir, candidate)
      if (isExecutableFile(file)) return file
    }
  }
  return undefined
}

export function pathDirs(env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)
}
