import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const APP_NAME = 'Tessera'

/** The platform's app-data folder, the same one Electron's userData points to. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME)
}

/** The data dir a host or tool uses: the one given (--data-dir), else $TESSERA_DATA_DIR, else the platform's. */
export function dataDirFrom(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(given ?? env.TESSERA_DATA_DIR ?? defaultDataDir(env))
}
