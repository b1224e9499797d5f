import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../src/main/config'
import { completeFolder, folderFromInput, folderProblem, MAX_COMPLETIONS, MAX_RECENT, WorkspaceFolders } from '../../src/main/folders'
import { launchFolder } from '../../src/main/host'
import { lastOsc7Folder } from '../../src/main/pty/pane-folder'
import { captureLog } from '../support/log-capture'

const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tree(...folders: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tessera-folders-'))
  scratch.push(root)
  for (const folder of folders) mkdirSync(join(root, folder), { recursive: true })
  return root
}

describe('completeFolder', () => {
  it('lists only the folders under the parent that start with the last part, sorted', async () => {
    const root = tree('project-b', 'project-a', 'other', '.project-hidden')
    writeFileSync(join(root, 'project-file'), '')
    symlinkSync(join(root, 'other'), join(root, 'project-link'))
    symlinkSync(join(root, 'project-file'), join(root, 'project-link-to-file'))
    await expect(completeFolder(join(root, 'proj'))).resolves.toEqual([join(root, 'project-a'), join(root, 'project-b'), join(root, 'project-link')])
  })

  it('lists a folder ending in a slash, hidden ones only when asked for with a dot', async () => {
    const root = tree('a', '.hidden')
    await expect(completeFolder(`${root}/`)).resolves.toEqual([join(root, 'a')])
    await expect(completeFolder(join(root, '.h'))).resolves.toEqual([join(root, '.hidden')])
  })

  it('reads ~ as the home folder, refuses relative paths and answers nothing for a missing parent', async () => {
    const home = tree('code')
    await expect(completeFolder('~/co', home)).resolves.toEqual([join(home, 'code')])
    await expect(completeFolder('code', home)).resolves.toEqual([])
    await expect(completeFolder(join(home, 'missing', 'x'), home)).resolves.toEqual([])
  })

  it('stops at its bound', async () => {
    const root = tree(...Array.from({ length: MAX_COMPLETIONS + 5 }, (_, i) => `d${String(i).padStart(3, '0')}`))
    const folders = await completeFolder(join(root, 'd'))
    expect(folders).toHaveLength(MAX_COMPLETIONS)
    expect(folders[0]).toBe(join(root, 'd000'))
  })
})

describe('folder input and checks', () => {
  it('makes a typed folder a full path and refuses a relative one', () => {
    expect(folderFromInput('~/work/', '/home/u')).toBe('/home/u/work')
    expect(folderFromInput(' /srv//app/./x/.. ', '/home/u')).toBe('/srv/app')
    expect(folderFromInput('/', '/home/u')).toBe('/')
    expect(() => folderFromInput('work', '/home/u')).toThrow('"work" is not a full path')
  })

  it('says why a pane cannot start in a folder', () => {
    const root = tree('here')
    writeFileSync(join(root, 'file'), '')
    expect(folderProblem(join(root, 'here'))).toBeUndefined()
    expect(folderProblem(join(root, 'gone'))).toBe('does not exist')
    expect(folderProblem(join(root, 'file'))).toBe('is not a folder')
  })

  it('starts serve in --cwd, else INIT_CWD, else its own folder, and refuses one that is not a folder', () => {
    const root = tree('flag', 'npm')
    expect(launchFolder('flag', {}, root)).toBe(join(root, 'flag'))
    expect(launchFolder(undefined, { INIT_CWD: join(root, 'npm') }, root)).toBe(join(root, 'npm'))
    expect(launchFolder(undefined, { INIT_CWD: '' }, root)).toBe(root)
    expect(() => launchFolder(join(root, 'nope'), {}, root)).toThrow(`--cwd ${join(root, 'nope')} is not a folder`)
  })
})

describe('OSC 7', () => {
  it('takes the last report naming this machine, percent-decoded, ended by BEL or ST', () => {
    expect(lastOsc7Folder('\x1b]7;file://box/home/u/my%20dir\x07', 'box')).toBe('/home/u/my dir')
    expect(lastOsc7Folder('a\x1b]7;file:///tmp/a\x1b\\b\x1b]7;file://localhost/tmp/b\x07', 'box')).toBe('/tmp/b')
    // Over ssh the report names the other machine: not a folder here.
    expect(lastOsc7Folder('\x1b]7;file://elsewhere/srv\x07', 'box')).toBeUndefined()
    expect(lastOsc7Folder('\x1b]7;file://box/bad%zz\x07', 'box')).toBeUndefined()
    expect(lastOsc7Folder('\x1b]7;file://box/unterminated', 'box')).toBeUndefined()
  })
})

describe('WorkspaceFolders', () => {
  it('keeps recent folders per workspace, newest first, bounded, in the settings file', () => {
    const root = tree('ws', 'other', ...Array.from({ length: MAX_RECENT + 2 }, (_, i) => `f${i}`))
    const dataDir = tree()
    const store = new SettingsStore(dataDir, captureLog().log)
    const folders = new WorkspaceFolders(store, join(root, 'ws'))
    folders.used('/a')
    folders.used('/b')
    folders.used('/a')
    expect(folders.recent()).toEqual(['/a', '/b'])
    folders.setWorkspace(join(root, 'other'))
    expect(folders.workspace).toBe(join(root, 'other'))
    expect(folders.recent()).toEqual([join(root, 'other')])
    for (let i = 0; i < MAX_RECENT + 2; i++) folders.used(join(root, `f${i}`))
    expect(folders.recent()).toHaveLength(MAX_RECENT)
    expect(folders.recent()[0]).toBe(join(root, `f${MAX_RECENT + 1}`))
    expect(() => folders.setWorkspace(join(root, 'missing'))).toThrow(`The folder ${join(root, 'missing')} does not exist.`)
    store.dispose()
    // Another start reads the same lists back.
    const again = new SettingsStore(dataDir, captureLog().log)
    expect(new WorkspaceFolders(again, join(root, 'ws')).recent()).toEqual(['/a', '/b'])
    again.dispose()
  })
})
