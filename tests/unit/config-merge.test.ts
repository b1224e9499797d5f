import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CONFIG_FIELDS, type AgentConfig, type ConfigLevel } from '../../src/shared/agent-config'
import { explainConfig, resolveConfig, type ConfigLayers } from '../../src/main/config'

// Precedence, lowest to highest: workspace default < preset < pane config < explicit model.

const LEVELS = ['workspace', 'preset', 'pane', 'override'] as const
type Level = (typeof LEVELS)[number]

/** Every subset of the four levels: 16 rows. */
const ROWS: Level[][] = Array.from({ length: 16 }, (_, mask) => LEVELS.filter((_, bit) => mask & (1 << bit)))

function layersFor(present: readonly Level[], values: Record<Level, AgentConfig>): ConfigLayers {
  return {
    ...(present.includes('workspace') ? { workspace: values.workspace } : {}),
    ...(present.includes('preset') ? { preset: { name: 'p1', config: values.preset } } : {}),
    ...(present.includes('pane') ? { pane: values.pane } : {}),
    ...(present.includes('override') && values.override.model ? { model: values.override.model } : {})
  }
}

const MODELS: Record<Level, AgentConfig> = {
  workspace: { model: 'sonnet', effort: 'low', contextLimit: 100_000 },
  preset: { model: 'haiku', effort: 'medium', contextLimit: 150_000 },
  pane: { model: 'opus', effort: 'high', contextLimit: 200_000 },
  override: { model: 'fable' }
}

describe('config precedence matrix', () => {
  for (const present of ROWS) {
    const label = present.length ? present.join(' + ') : 'nothing'
    it(`model, effort and contextLimit with ${label}`, () => {
      const resolved = resolveConfig('claude', layersFor(present, MODELS))
      const highest = (levels: readonly Level[]): Level | undefined => [...levels].reverse().find((level) => present.includes(level))
      const modelLevel = highest(LEVELS)
      const otherLevel = highest(['workspace', 'preset', 'pane'])
      expect(resolved.config.model).toBe(modelLevel ? MODELS[modelLevel].model : undefined)
      expect(resolved.sources.model?.level).toBe(modelLevel)
      for (const field of ['effort', 'contextLimit'] as const) {
        expect(resolved.config[field]).toBe(otherLevel ? MODELS[otherLevel][field] : undefined)
        expect(resolved.sources[field]?.level).toBe(otherLevel)
      }
    })
  }

  it.each([
    [{ workspace: { model: 'sonnet' } }, 'sonnet'],
    [{ workspace: { model: 'sonnet' }, preset: { name: 'p', config: { model: 'haiku' } } }, 'haiku'],
    [{ workspace: { model: 'sonnet' }, preset: { name: 'p', config: { model: 'haiku' } }, pane: { model: 'opus' } }, 'opus'],
    [{ workspace: { model: 'sonnet' }, model: 'haiku' }, 'haiku']
  ] satisfies Array<[ConfigLayers, string]>)('the original spec rows: %j gives %s', (layers, model) => {
    expect(resolveConfig('claude', layers).config.model).toBe(model)
  })

  it('records the preset by name and explains every value', () => {
    const resolved = resolveConfig('claude', {
      preset: { name: 'opus-heavy', config: { model: 'opus', effort: 'high' } },
      model: 'sonnet'
    })
    expect(resolved.sources.effort).toEqual({ level: 'preset', preset: 'opus-heavy' })
    expect(explainConfig(resolved)).toEqual([
      'model sonnet — pane override',
      'effort high — preset opus-heavy',
      'isolation shared — Tessera default'
    ])
  })

  it('replaces lists and env whole rather than mixing levels', () => {
    const resolved = resolveConfig('claude', {
      workspace: { allowedTools: ['Read', 'Edit'], env: { A: '1', B: '2' } },
      pane: { allowedTools: ['Bash'], env: { C: '3' } }
    })
    expect(resolved.config.allowedTools).toEqual(['Bash'])
    expect(resolved.config.env).toEqual({ C: '3' })
  })
})

// ------------------------------------------------------------ properties

const fieldValue: Record<(typeof CONFIG_FIELDS)[number], fc.Arbitrary<unknown>> = {
  model: fc.constantFrom('opus', 'sonnet', 'haiku', 'claude-sonnet-5'),
  fallbackModel: fc.constantFrom('sonnet', 'haiku'),
  effort: fc.constantFrom('low', 'medium', 'high', 'xhigh', 'max'),
  permissionMode: fc.constantFrom('default', 'plan', 'acceptEdits'),
  appendSystemPrompt: fc.string(),
  allowedTools: fc.array(fc.constantFrom('Read', 'Edit', 'Bash')),
  disallowedTools: fc.array(fc.constantFrom('Write', 'WebFetch')),
  addDirs: fc.array(fc.constantFrom('/a', '/b')),
  env: fc.dictionary(fc.constantFrom('A', 'B', 'C'), fc.string()),
  contextLimit: fc.integer({ min: 100_000, max: 1_000_000 }),
  isolation: fc.constantFrom('shared', 'isolated'),
  orchestrator: fc.boolean()
}

const layerArb: fc.Arbitrary<AgentConfig> = fc.record(fieldValue, { requiredKeys: [] }) as fc.Arbitrary<AgentConfig>
const layersArb = fc.record(
  {
    workspace: layerArb,
    preset: fc.record({ name: fc.constant('p'), config: layerArb }),
    pane: layerArb,
    model: fc.constantFrom('opus', 'haiku', 'fable')
  },
  { requiredKeys: [] }
)

/** The layers as (level, config) from lowest to highest. */
function ordered(layers: ConfigLayers): Array<[ConfigLevel, AgentConfig]> {
  return [
    ['workspace', layers.workspace],
    ['preset', layers.preset?.config],
    ['pane', layers.pane],
    ['override', layers.model === undefined ? undefined : { model: layers.model }]
  ].filter((entry): entry is [ConfigLevel, AgentConfig] => entry[1] !== undefined)
}

describe('config precedence properties', () => {
  it('the highest level that sets a field always wins', () => {
    fc.assert(
      fc.property(layersArb, (layers) => {
        const resolved = resolveConfig('claude', layers)
        for (const field of CONFIG_FIELDS) {
          const winner = ordered(layers).reverse().find(([, config]) => config[field] !== undefined)
          if (!winner) continue
          expect(resolved.config[field]).toEqual(winner[1][field])
          expect(resolved.sources[field]?.level).toBe(winner[0])
        }
      })
    )
  })

  it('an absent field never overrides: adding a layer without it changes nothing about it', () => {
    fc.assert(
      fc.property(layersArb, layerArb, fc.constantFrom(...CONFIG_FIELDS), (layers, pane, field) => {
        const without = { ...pane, [field]: undefined }
        const before = resolveConfig('claude', { ...layers, pane: undefined })
        const after = resolveConfig('claude', { ...layers, pane: without })
        if (layers.model !== undefined && field === 'model') return
        expect(after.config[field]).toEqual(before.config[field])
      })
    )
  })
})
