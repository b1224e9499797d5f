import { describe, expect, it } from 'vitest'
import { userEnvironment, userPathEntries } from '../../src/main/agents'

// npm run puts the package's node_modules/.bin (and each parent's) and its node-gyp-bin before the user's PATH.

const NPM_BLOCK = ['/work/app/node_modules/.bin', '/work/node_modules/.bin', '/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin']
const USER = ['/home/me/.local/bin', '/usr/local/bin', '/usr/bin', '/bin']

describe('userPathEntries', () => {
  it("drops npm's block and keeps the user's entries in their order", () => {
    expect(userPathEntries([...NPM_BLOCK, ...USER], true)).toEqual(USER)
  })

  it('drops every block of nested npm runs, wherever a test or wrapper put it', () => {
    expect(userPathEntries(['/tmp/bin', ...NPM_BLOCK, ...NPM_BLOCK, ...USER], true)).toEqual(['/tmp/bin', ...USER])
  })

  it("keeps a node_modules/.bin the user put on their own PATH", () => {
    const own = ['/home/me/proj/node_modules/.bin', ...USER]
    expect(userPathEntries([...NPM_BLOCK, ...own], true)).toEqual(own)
    expect(userPathEntries(own, false)).toEqual(own)
  })

  it("without npm's marker, drops a leading block only when a package manager runs us", () => {
    const yarnStyle = ['/work/app/node_modules/.bin', ...USER]
    expect(userPathEntries(yarnStyle, true)).toEqual(USER)
    expect(userPathEntries(yarnStyle, false)).toEqual(yarnStyle)
  })
})

describe('userEnvironment', () => {
  it("cleans PATH and removes npm's script variables, leaving the rest", () => {
    const env = userEnvironment({
      PATH: [...NPM_BLOCK, ...USER].join(':'),
      npm_lifecycle_event: 'serve',
      npm_package_json: '/work/app/package.json',
      INIT_CWD: '/home/me/proj',
      npm_config_registry: 'https://registry.example',
      HOME: '/home/me'
    })
    expect(env).toEqual({ PATH: USER.join(':'), npm_config_registry: 'https://registry.example', HOME: '/home/me' })
  })
})
