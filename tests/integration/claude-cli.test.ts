import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { launchClaude, type ClaudeSession } from '../support/claude-harness.ts'
import { CLAUDE_CLIS, type ClaudeCli } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.ts'

// The real Claude Code CLI in a PTY, talking to the scripted fake API; once per
// CLI of claude-versions.ts.

const MODEL = 'claude-haiku-4-5'
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  // Reverse order: the CLI goes before the API it talks to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startApi(): Promise<FakeAnthropic> {
  const api = await startFakeAnthropic()
  cleanups.push(() => api.close())
  return api
}

async function startClaude(cli: ClaudeCli, api: FakeAnthropic, args: string[], env: Record<string, string> = {}): Promise<ClaudeSession> {
  const claude = await launchClaude({ bin: cli.bin, args, apiBaseUrl: api.url, env, cols: 100, rows: 30 })
  cleanups.push(() => claude.dispose())
  await claude.waitForPrompt()
  // The banner proves which CLI this block runs.
  expect(claude.screen.text()).toContain(`Claude Code v${cli.version}`)
  return claude
}

describe.each(CLAUDE_CLIS)('Claude Code CLI $label against the fake API', (cli) => {
  it('shows the scripted reply and sends the chosen model and session id', async () => {
    const api = await startApi()
    const sessionId = randomUUID()
    const claude = await startClaude(cli, api, ['--model', MODEL, '--session-id', sessionId])
    api.enqueue({ text: 'Scripted reply: the answer is 42.' })

    await claude.submit('What is the answer to everything?')
    await claude.screen.waitForText('Scripted reply: the answer is 42.')

    const main = api.mainRequests()
    expect(main).toHaveLength(1)
    expect(main[0]).toMatchObject({ model: MODEL, sessionId, stream: true })
    expect(JSON.stringify(main[0]?.messages)).toContain('What is the answer to everything?')
    // Auxiliary requests (session title) must not have taken the scripted step.
    expect(api.remainingSteps()).toBe(0)
    await claude.waitForPrompt()
  })

  it('shows an overloaded (529) error on screen', async () => {
    const api = await startApi()
    // The CLI retries 529/429 up to 10 times with backoff from ~0.5 s (about 3 min in
    // all); CLAUDE_CODE_MAX_RETRIES=0 makes the first failure final.
    const claude = await startClaude(cli, api, ['--model', MODEL], { CLAUDE_CODE_MAX_RETRIES: '0' })
    api.enqueue({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })

    await claude.submit('Please answer even though you are busy')
    await claude.screen.waitForText('API Error: 529 Overloaded')

    expect(api.mainRequests()).toHaveLength(1)
    expect(api.remainingSteps()).toBe(0)
    await claude.waitForPrompt()
  })
})
