import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AgentSession, claudeArgs, codexArgs, geminiArgs } from '../../src/main/agents'

const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix))

/** A PATH holding a fake `claude`, so launch resolves it without the real CLI. */
function envWithClaude(extra: Record<string, string> = {}): Record<string, string> {
  const bin = temp('tessera-bin-')
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\n', { mode: 0o755 })
  return { PATH: bin, ...extra }
}

function session(config: ConstructorParameters<typeof AgentSession>[0]['config'], paneDir = temp('tessera-pane-')): AgentSession {
  return new AgentSession({ paneId: 'p1', kind: 'claude', cwd: tmpdir(), paneDir, config, explain: [] })
}

describe('agent launch flags', () => {
  it('turns every Claude field into its flag, lists closed by the next flag', () => {
    const args = claudeArgs(
      {
        model: 'opus',
        fallbackModel: 'sonnet',
        effort: 'high',
        permissionMode: 'plan',
        appendSystemPrompt: 'Be brief.',
        allowedTools: ['Read', 'Bash(git *)'],
        disallowedTools: ['WebFetch'],
        addDirs: ['/a', '/b']
      },
      { sessionId: 'S', resume: false }
    )
    expect(args).toEqual([
      '--session-id', 'S', '--model', 'opus', '--fallback-model', 'sonnet', '--effort', 'high', '--permission-mode', 'plan',
      '--append-system-prompt', 'Be brief.', '--allowed-tools', 'Read', 'Bash(git *)', '--disallowed-tools', 'WebFetch', '--add-dir', '/a', '/b'
    ])
    expect(claudeArgs({}, { sessionId: 'S', resume: true })).toEqual(['--resume', 'S'])
  })

  it('maps Codex and Gemini fields to their own flags', () => {
    expect(codexArgs({ model: 'gpt-5-codex', effort: 'high' })).toEqual(['--model', 'gpt-5-codex', '-c', 'model_reasoning_effort="high"'])
    expect(geminiArgs({ model: 'pro', addDirs: ['/x', '/y'] })).toEqual(['--model', 'pro', '--include-directories', '/x,/y'])
  })
})

describe('AgentSession', () => {
  it('starts a new session by id, then resumes it once the CLI has a transcript', () => {
    const userDir = temp('tessera-claude-user-')
    const agent = session({ model: 'haiku', contextLimit: 150_000 })
    const env = envWithClaude({ CLAUDE_CONFIG_DIR: userDir })
    const first = agent.launch(env)
    expect(first.args.slice(0, 2)).toEqual(['--session-id', agent.sessionId])
    expect(first.env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('150000')
    mkdirSync(join(userDir, 'projects', '-tmp'), { recursive: true })
    writeFileSync(join(userDir, 'projects', '-tmp', `${agent.sessionId}.jsonl`), '{}\n')
    expect(agent.launch(env).args.slice(0, 2)).toEqual(['--resume', agent.sessionId])
  })

  it('writes the config it launched with to the pane folder', () => {
    const paneDir = temp('tessera-pane-')
    const agent = session({ model: 'opus' }, paneDir)
    agent.launch(envWithClaude({ CLAUDE_CONFIG_DIR: temp('tessera-claude-user-') }))
    const record = JSON.parse(readFileSync(join(paneDir, 'agent-config.json'), 'utf8')) as Record<string, unknown>
    expect(record).toMatchObject({ paneId: 'p1', kind: 'claude', sessionId: agent.sessionId, config: { model: 'opus' } })
    expect(record.command).toContain('--model')
  })

  it('gives an isolated pane its own seeded config dir, and says when it has no credentials', () => {
    const paneDir = temp('tessera-pane-')
    const withKey = session({ isolation: 'isolated' }, paneDir)
    const spec = withKey.launch(envWithClaude({ CLAUDE_CONFIG_DIR: temp('tessera-claude-user-'), ANTHROPIC_API_KEY: 'sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx1234' }))
    expect(spec.env.CLAUDE_CONFIG_DIR).toBe(join(paneDir, 'claude-config'))
    const seed = JSON.parse(readFileSync(join(paneDir, 'claude-config', '.claude.json'), 'utf8')) as Record<string, unknown>
    expect(seed).toMatchObject({ hasCompletedOnboarding: true, customApiKeyResponses: { approved: ['xxxxxxxxxxxxxxxx1234'] } })
    expect(withKey.info().note).toBeUndefined()

    const without = session({ isolation: 'isolated' })
    without.launch(envWithClaude({ CLAUDE_CONFIG_DIR: temp('tessera-claude-user-') }))
    expect(without.info().note).toMatch(/needs credentials of its own: ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN/)
  })
})
