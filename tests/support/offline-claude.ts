import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from './claude-config.ts'
import { claudeFirstOnPath, DEFAULT_CLAUDE_CLI } from './claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.ts'

export interface OfflineClaude {
  api: FakeAnthropic
  /** For a serve or host: the oldest supported CLI first on PATH, pointed at `api`, failing at once on API errors. */
  env: Record<string, string>
  dispose(): Promise<void>
}

/**
 * What a browser-mode test needs for Claude panes: a fake API, a config dir that trusts
 * `trustedDir` (and its subfolders) and the oldest supported CLI, whose screens these tests read.
 */
export async function offlineClaude(trustedDir = realpathSync(tmpdir())): Promise<OfflineClaude> {
  const api = await startFakeAnthropic()
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [trustedDir] })
  const onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  return {
    api,
    env: onPath.env,
    dispose: async () => {
      await api.close()
      await onPath.dispose()
    }
  }
}
