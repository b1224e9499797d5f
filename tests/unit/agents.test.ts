import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AgentUnavailableError, appRoot, detectAgents, findAppRoot, launchSpec } from '../../src/main/agents'

const REPO = resolve(__dirname, '..', '..')

/** A folder with fake CLIs: executable ones by name, plus one that is not executable. */
function binDir(executables: string[], plain: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-agents-'))
  for (const name of [...executables, ...plain]) writeFileSync(join(dir, name), '#!/bin/sh\n')
  for (const name of executables) chmodSync(join(dir, name), 0o755)
  return dir
}

const byKind = (env: NodeJS.ProcessEnv) => new Map(detectAgents(env).map((agent) => [agent.kind, agent]))

describe('detectAgents', () => {
  it('lists every kind, with the resolved command or an install hint', () => {
    const dir = binDir(['codex'], ['gemini'])
    const agents = byKind({ PATH: dir, SHELL: '/bin/sh' })
    expect([...agents.keys()]).toEqual(['shell', 'claude', 'codex', 'gemini'])
    expect(agents.get('shell')).toMatchObject({ available: true, command: '/bin/sh', label: 'Shell' })
    expect(agents.get('codex')).toEqual({ kind: 'codex', label: 'Codex CLI', available: true, command: join(dir, 'codex') })
    // Present but not executable counts as missing.
    expect(agents.get('gemini')).toEqual({
      kind: 'gemini',
      label: 'Gemini CLI',
      available: false,
      installHint: 'npm install -g @google/gemini-cli'
    })
  })

  it("finds a CLI in the project's node_modules/.bin when PATH lacks it", () => {
    const claude = byKind({ PATH: binDir([]) }).get('claude')
    // This repository installs Claude Code as a dev dependency.
    expect(claude).toMatchObject({ available: true, command: join(REPO, 'node_modules', '.bin', 'claude') })
  })

  it('prefers the user’s own install on PATH over the project’s', () => {
    const dir = binDir(['claude'])
    expect(byKind({ PATH: dir }).get('claude')?.command).toBe(join(dir, 'claude'))
  })

  it('answers afresh when PATH changes', () => {
    const [without, withCodex] = [binDir([]), binDir(['codex'])]
    expect(byKind({ PATH: without }).get('codex')?.available).toBe(false)
    expect(byKind({ PATH: withCodex }).get('codex')?.available).toBe(true)
    expect(byKind({ PATH: without }).get('codex')?.available).toBe(false)
  })

  it('gives the documented install hints', () => {
    const hints = Object.fromEntries(detectAgents({ PATH: binDir([]) }).map((a) => [a.kind, a.installHint]))
    expect(hints.codex).toBe('npm install -g @openai/codex')
    expect(hints.gemini).toBe('npm install -g @google/gemini-cli')
  })
})

describe('launchSpec', () => {
  it('starts the user’s login shell for a shell pane', () => {
    const env = { SHELL: '/bin/sh', PATH: '/bin' }
    expect(launchSpec('shell', env)).toEqual({ file: '/bin/sh', args: ['-l'], env })
  })

  it('starts an agent’s resolved binary with no extra arguments yet', () => {
    const dir = binDir(['gemini'])
    const env = { PATH: dir }
    expect(launchSpec('gemini', env)).toEqual({ file: join(dir, 'gemini'), args: [], env })
  })

  it('throws a clear error with the install hint when the CLI is missing', () => {
    const call = (): unknown => launchSpec('codex', { PATH: binDir([]) })
    expect(call).toThrow(AgentUnavailableError)
    expect(call).toThrow(/Codex CLI is not installed: "codex" was not found.*npm install -g @openai\/codex/)
  })
})

describe('app root', () => {
  it('walks up to the folder whose package.json is Tessera’s', () => {
    expect(appRoot()).toBe(REPO)
    expect(findAppRoot(join(REPO, 'src', 'main', 'agents'))).toBe(REPO)
    const other = mkdtempSync(join(tmpdir(), 'tessera-root-'))
    mkdirSync(join(other, 'deep'))
    writeFileSync(join(other, 'package.json'), '{"name":"not-tessera"}')
    expect(findAppRoot(join(other, 'deep'))).toBeUndefined()
  })
})
