import { defineConfig } from 'vitest/config'

// Three suites, one runner: unit (pure logic), integration (real PTYs, the real
// Claude Code CLI against the fake API), e2e (browser mode in real Chromium).
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Our machines' login shells run `pyenv rehash`, which waits up to 60 s for a lock that
    // a shell killed mid-rehash leaves behind, and the tests open and close many shells.
    env: { PYENV_REHASH_TIMEOUT: '1' },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false
        }
      }
    ]
  }
})
