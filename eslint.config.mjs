import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// The layer matrix of DESIGN.md, enforced: a wrong import arrow fails `npm test`.
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'stream']
const forbid = (groups, message) => ({ group: groups, message })

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['../main/**', '../preload/**', '../renderer/**', '../../*'], 'src/shared imports nothing of ours.'),
            forbid(['electron', 'react', ...nodeBuiltins], 'src/shared is zod and plain TypeScript only.')
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/shell/**', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['electron', 'electron/*'], 'Only src/main/shell and the desktop entry may import electron.'),
            forbid(['**/renderer/**', '**/preload/**'], 'Main never imports the renderer or preload.'),
            {
              // "../<capability>/<anything but index>" reaches into another capability.
              regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index$).+',
              message: 'Import another capability through its index.ts only.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/main/**', '**/renderer/**'], 'The preload sees only shared and electron.'),
            forbid(['../shared/bridge', '../shared/wire'], 'Keep zod out of the sandboxed preload.')
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/main/**', '**/preload/**'], 'The renderer talks to the host only through the bridge.'),
            forbid(['electron', ...nodeBuiltins], 'The renderer runs in a sandboxed page: no Node, no electron.')
          ]
        }
      ]
    }
  }
)
