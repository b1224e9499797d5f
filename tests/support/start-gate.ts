import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { ClaudeCli } from './claude-versions.ts'

/**
 * Holds back what a host starts in its panes until the test opens the gate, so the test
 * can look at a pane between the host starting it and its program's first output (a
 * restored pane's saved screen, say) without racing the program. Claude runs through a
 * `claude` script first on PATH that waits when started on a terminal (the host's
 * `--version` and `--help` probes have none and pass at once); a bash shell waits in
 * PROMPT_COMMAND, before its first prompt. Open, it costs one file check per start or prompt.
 */
export interface StartGate {
  /** `env` with the gated `claude` first on PATH and the shell's PROMPT_COMMAND. */
  env: Record<string, string>
  open(): void
  close(): void
  dispose(): Promise<void>
}

export async function startGate(cli: ClaudeCli, env: Record<string, string>): Promise<StartGate> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-start-gate-'))
  const bin = join(dir, 'bin')
  const opened = join(dir, 'open')
  const wait = `until [ -e '${opened}' ]; do sleep 0.05; done`
  await mkdir(bin)
  const claude = join(bin, 'claude')
  await writeFile(claude, `#!/bin/sh\nif [ -t 0 ]; then ${wait}; fi\nexec '${cli.bin}' "$@"\n`)
  await chmod(claude, 0o755)
  const path = env.PATH ? `${bin}${delimiter}${env.PATH}` : bin
  return {
    env: { ...env, PATH: path, PROMPT_COMMAND: wait },
    open: () => writeFileSync(opened, ''),
    close: () => rmSync(opened, { force: true }),
    dispose: () => rm(dir, { recursive: true, force: true })
  }
}
