import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The workspace folder browser mode starts in: `--cwd`, else the folder `npm run serve`
 * was typed in (npm changes into the package folder and passes the old one as INIT_CWD),
 * else the process's own. A folder that cannot hold panes stops the start with the reason.
 */
export function launchFolder(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const folder = resolve(cwd, flag ?? (env.INIT_CWD || cwd))
  let isFolder = false
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    // Missing: reported below like a file.
  }
  if (!isFolder) throw new Error(`${flag ? '--cwd' : 'the start folder'} ${folder} is not a folder`)
  return folder
}
