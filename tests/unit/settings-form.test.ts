import { describe, expect, it } from 'vitest'
import { checkAgentConfig, supportedFields } from '../../src/shared/agent-config.ts'
import {
  configFromValues,
  copyName,
  duplicateDraft,
  editDraft,
  emptyValues,
  fieldProblems,
  fieldsFor,
  folderProblem,
  formProblems,
  nameClash,
  nameProblem,
  newDraft,
  normalizeFolder,
  optionLabel,
  optionsFor,
  parseEnv,
  parseList,
  parseTokens,
  PRESET_KINDS,
  replacesFor,
  summarizeConfig,
  valuesFromConfig,
  type FormValues,
  type PresetLike
} from '../../src/renderer/src/components/settings/config-form.ts'

// The settings screen's pure half: what the user types <-> the config the bridge carries.

const values = (patch: Partial<FormValues>): FormValues => ({ ...emptyValues(), ...patch })

describe('parseList', () => {
  it('splits on commas and newlines, trimming and dropping blanks', () => {
    expect(parseList('Read, Edit\n\n  Grep ,\r\nWrite,,')).toEqual(['Read', 'Edit', 'Grep', 'Write'])
  })

  it('keeps a comma inside parentheses as part of one tool rule', () => {
    expect(parseList('Bash(git diff:*, --stat), Read')).toEqual(['Bash(git diff:*, --stat)', 'Read'])
  })

  it('reads blank text as no items', () => {
    expect(parseList('  \n , ')).toEqual([])
  })
})

describe('parseEnv', () => {
  it('reads KEY=value lines, keeping "=" in values and skipping blanks and comments', () => {
    expect(parseEnv('A=1\n\n# note\n B = x=y \nEMPTY=')).toEqual({ ok: true, value: { A: '1', B: 'x=y', EMPTY: '' } })
  })

  it('names the line that is not KEY=value', () => {
    expect(parseEnv('A=1\nnot a pair')).toEqual({ ok: false, message: 'line 2 ("not a pair") is not KEY=value' })
  })

  it('refuses a variable name the shell could not use', () => {
    const parsed = parseEnv('1BAD=x')
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.message).toContain('"1BAD" is not a valid variable name')
  })
})

describe('parseTokens', () => {
  it.each([
    ['200000', 200_000],
    ['200_000', 200_000],
    ['200,000', 200_000],
    [' 200k ', 200_000],
    ['1M', 1_000_000],
    ['1.5m', 1_500_000]
  ])('reads %j as %d', (text, expected) => {
    expect(parseTokens(text)).toEqual({ ok: true, value: expected })
  })

  it.each(['lots', '12.5', '-5', '1e6'])('refuses %j', (text) => {
    expect(parseTokens(text).ok).toBe(false)
  })
})

describe('configFromValues', () => {
  it('omits empty fields: an untouched form is an empty config', () => {
    for (const kind of PRESET_KINDS) expect(configFromValues(kind, emptyValues())).toEqual({ ok: true, config: {} })
  })

  it('omits fields of only blank space, never sending ""', () => {
    expect(configFromValues('claude', values({ model: '   ', allowedTools: ' , \n', env: '\n# c\n' }))).toEqual({ ok: true, config: {} })
  })

  it('builds each Claude field with its type', () => {
    const built = configFromValues(
      'claude',
      values({
        model: ' opus ',
        fallbackModel: 'sonnet',
        effort: 'high',
        permissionMode: 'plan',
        contextLimit: '200k',
        isolation: 'isolated',
        appendSystemPrompt: '  Be brief.\nUse tests.  ',
        allowedTools: 'Read, Edit',
        disallowedTools: 'Bash(rm:*)',
        addDirs: '/tmp/a\n/tmp/b',
        env: 'DEBUG=1'
      })
    )
    expect(built).toEqual({
      ok: true,
      config: {
        model: 'opus',
        fallbackModel: 'sonnet',
        effort: 'high',
        permissionMode: 'plan',
        contextLimit: 200_000,
        isolation: 'isolated',
        appendSystemPrompt: 'Be brief.\nUse tests.',
        allowedTools: ['Read', 'Edit'],
        disallowedTools: ['Bash(rm:*)'],
        addDirs: ['/tmp/a', '/tmp/b'],
        env: { DEBUG: '1' }
      }
    })
    expect(built.ok && checkAgentConfig('claude', built.config).ok).toBe(true)
  })

  it('takes only the fields the kind supports, whatever else the form holds', () => {
    const typed = values({ model: 'gpt-5-codex', effort: 'low', contextLimit: '200000', allowedTools: 'Read', env: 'A=1' })
    expect(configFromValues('codex', typed)).toEqual({ ok: true, config: { model: 'gpt-5-codex', effort: 'low', env: { A: '1' } } })
    expect(configFromValues('gemini', values({ model: 'flash', addDirs: '/x', effort: 'high' }))).toEqual({
      ok: true,
      config: { model: 'flash', addDirs: ['/x'] }
    })
  })

  it('fails, per field, only on text it cannot read, keeping the fields it could', () => {
    expect(configFromValues('claude', values({ contextLimit: 'lots', env: 'oops', model: 'haiku' }))).toEqual({
      ok: false,
      errors: { contextLimit: '"lots" is not a whole number of tokens', env: 'line 1 ("oops") is not KEY=value' },
      config: { model: 'haiku' }
    })
  })

  it('reads a fallback model list, stored comma-separated without the spacing', () => {
    const built = configFromValues('claude', values({ fallbackModel: ' sonnet , haiku,, claude-opus-4-1 ' }))
    expect(built).toEqual({ ok: true, config: { fallbackModel: 'sonnet,haiku,claude-opus-4-1' } })
    expect(built.ok && checkAgentConfig('claude', built.config).ok).toBe(true)
  })

  it('passes a readable but unacceptable value on for the host to judge', () => {
    expect(configFromValues('claude', values({ contextLimit: '5000' }))).toEqual({ ok: true, config: { contextLimit: 5000 } })
  })
})

describe('valuesFromConfig and back', () => {
  const configs: Array<[(typeof PRESET_KINDS)[number], Record<string, unknown>]> = [
    ['claude', { model: 'opus', contextLimit: 200_000, effort: 'high' }],
    [
      'claude',
      {
        model: 'claude-sonnet-4-5',
        fallbackModel: 'haiku',
        permissionMode: 'acceptEdits',
        appendSystemPrompt: 'Line one\nline two',
        allowedTools: ['Read', 'Bash(git log:*)'],
        disallowedTools: ['WebFetch'],
        addDirs: ['/srv/shared'],
        env: { A: '1', B: 'x=y' },
        isolation: 'shared'
      }
    ],
    ['codex', { model: 'o3', effort: 'medium', env: { OPENAI_LOG: 'debug' } }],
    ['gemini', { model: 'pro', addDirs: ['/a', '/b'] }],
    ['gemini', {}]
  ]

  it.each(configs)('round-trips a %s config unchanged', (kind, config) => {
    expect(configFromValues(kind, valuesFromConfig(config))).toEqual({ ok: true, config })
  })

  it('shows lists one per line and env as KEY=value lines', () => {
    const shown = valuesFromConfig({ allowedTools: ['Read', 'Edit'], env: { A: '1', B: '2' }, contextLimit: 150_000 })
    expect(shown.allowedTools).toBe('Read\nEdit')
    expect(shown.env).toBe('A=1\nB=2')
    expect(shown.contextLimit).toBe('150000')
    expect(shown.model).toBe('')
  })
})

describe('which fields a kind shows', () => {
  it('shows exactly the fields the schema of each kind accepts', () => {
    for (const kind of PRESET_KINDS) expect(new Set(fieldsFor(kind))).toEqual(new Set(supportedFields(kind)))
  })

  it('offers each kind its own choices', () => {
    expect(optionsFor('claude', 'effort')).toEqual(['low', 'medium', 'high', 'xhigh', 'max'])
    expect(optionsFor('codex', 'effort')).toEqual(['low', 'medium', 'high'])
    expect(optionsFor('claude', 'isolation')).toEqual(['shared', 'isolated'])
    expect(optionsFor('claude', 'model')).toEqual([])
  })

  it('offers both names of the manual permission mode, each saying what the other CLI calls it', () => {
    expect(optionsFor('claude', 'permissionMode')).toEqual(expect.arrayContaining(['manual', 'default', 'auto', 'plan']))
    expect(optionLabel('manual')).toBe('manual (called default before Claude Code 2.1.33x)')
    expect(optionLabel('default')).toBe('default (called manual from Claude Code 2.1.33x)')
    expect(optionLabel('plan')).toBe('plan')
  })
})

describe('problems under fields', () => {
  it('accepts a list of fallback models and names the one it does not know', () => {
    expect(formProblems('claude', values({ fallbackModel: 'sonnet, haiku' }))).toEqual({})
    expect(formProblems('claude', values({ fallbackModel: 'sonnet, gpt-5' }))).toEqual({
      fallbackModel: expect.stringContaining('Unknown model "gpt-5" for Claude Code')
    })
  })


  it('names the problem without repeating the field', () => {
    expect(fieldProblems('claude', { contextLimit: 5000, model: 'gpt-4' })).toEqual({
      contextLimit: expect.stringMatching(/^Claude Code's auto-compact window cannot go below 100000 tokens/),
      model: expect.stringContaining('Unknown model "gpt-4" for Claude Code')
    })
  })

  it('finds none in a valid config', () => {
    expect(formProblems('claude', values({ model: 'haiku', contextLimit: '100000' }))).toEqual({})
  })

  it('reports unreadable text and every other invalid field at once', () => {
    expect(formProblems('claude', values({ contextLimit: 'abc', model: 'nope!', env: 'NO_EQUALS' }))).toEqual({
      contextLimit: '"abc" is not a whole number of tokens',
      model: expect.stringContaining('"nope!"'),
      env: expect.any(String)
    })
  })
})

describe('names, drafts and folders', () => {
  const builtin: PresetLike = { name: 'opus-heavy', kind: 'claude', description: 'Hard', config: { model: 'opus' }, origin: 'builtin' }
  const mine: PresetLike = { name: 'mine', kind: 'codex', config: { model: 'o3' }, origin: 'user' }
  const other: PresetLike = { name: 'other', kind: 'claude', config: {}, origin: 'user' }
  const all = [builtin, mine, other]

  it('checks preset names like the host does', () => {
    expect(nameProblem('')).toBe('Give the preset a name.')
    expect(nameProblem('Has Space')).toMatch(/^Use lower-case letters/)
    expect(nameProblem('ok-name.2')).toBeUndefined()
  })

  it('picks a free copy name within 40 characters', () => {
    expect(copyName('mine', new Set(['mine']))).toBe('mine-copy')
    expect(copyName('mine', new Set(['mine-copy', 'mine-copy-2']))).toBe('mine-copy-3')
    const long = 'x'.repeat(40)
    expect(copyName(long, new Set()).length).toBe(40)
    expect(nameProblem(copyName(long, new Set()))).toBeUndefined()
  })

  it('edits a user preset, customises a built-in, duplicates under a new name', () => {
    expect(editDraft(mine)).toMatchObject({ mode: 'edit', source: 'mine', name: 'mine', kind: 'codex' })
    expect(editDraft(builtin)).toMatchObject({ mode: 'customise', name: 'opus-heavy', description: 'Hard' })
    expect(duplicateDraft(mine, new Set(['mine']))).toMatchObject({ mode: 'duplicate', name: 'mine-copy', kind: 'codex' })
    expect(editDraft(mine).values.model).toBe('o3')
  })

  it('renames (replaces) only a user preset saved under a new name', () => {
    expect(replacesFor(editDraft(mine), 'renamed')).toBe('mine')
    expect(replacesFor(editDraft(mine), 'mine')).toBeUndefined()
    expect(replacesFor(editDraft(builtin), 'opus-custom')).toBeUndefined()
    expect(replacesFor(duplicateDraft(mine, new Set()), 'mine-copy')).toBeUndefined()
    expect(replacesFor(newDraft(), 'fresh')).toBeUndefined()
  })

  it('refuses a name another of your presets has, but allows shadowing a built-in', () => {
    expect(nameClash(newDraft(), 'mine', all)).toMatch(/already have a preset named "mine"/)
    expect(nameClash(editDraft(mine), 'other', all)).toMatch(/"other"/)
    expect(nameClash(editDraft(mine), 'mine', all)).toBeUndefined()
    expect(nameClash(duplicateDraft(mine, new Set()), 'mine', all)).toMatch(/"mine"/)
    expect(nameClash(newDraft(), 'opus-heavy', all)).toBeUndefined()
  })

  it('normalises and checks folders', () => {
    expect(normalizeFolder(' /src/app/ ')).toBe('/src/app')
    expect(normalizeFolder('/')).toBe('/')
    expect(normalizeFolder('C:\\work\\')).toBe('C:\\work')
    expect(normalizeFolder('C:\\')).toBe('C:\\')
    expect(folderProblem('')).toBe('Enter a project folder.')
    expect(folderProblem('relative/dir')).toMatch(/absolute path/)
    expect(folderProblem('/home/me')).toBeUndefined()
  })

  it('summarises a config on one line', () => {
    expect(summarizeConfig({ model: 'opus', contextLimit: 200_000, effort: 'high' })).toBe('model opus · effort high · context 200k')
    expect(summarizeConfig({})).toBe('')
  })
})
