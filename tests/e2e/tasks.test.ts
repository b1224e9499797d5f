import { execFileSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { Task } from '../../src/shared/tasks.ts'
import { withBridge } from '../support/bridge-client.ts'
import { launchChromium } from '../support/chromium.ts'
import { claudeEnv, FAKE_API_KEY, prepareClaudeConfigDir } from '../support/claude-config.ts'
import { aliasModel, claudeFirstOnPath, DEFAULT_CLAUDE_CLI, type ClaudeOnPath } from '../support/claude-versions.ts'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../support/fake-anthropic.ts'
import { startServe, type ServeProcess } from '../support/serve-process.ts'
import { PROMPT_ROW, recordProblems } from '../support/terminal-page.ts'

// A user creates a task in the dialog with a model per stage (a folder that is no repo and a
// refused create are said so, nothing typed is lost), starts it, watches its card
// move and its pane open on the plan stage's model, advances it to the build stage (the pane
// switches model), and sees in the changes view the file the agent wrote in its worktree.

const WAIT_MS = 30_000
const TITLE = 'Add a greeting file'
const FILE = 'GREETING.md'
const GREETING = 'Hello from the build stage'

let browser: Browser | undefined
let serve: ServeProcess | undefined
let api: FakeAnthropic | undefined
let onPath: ClaudeOnPath | undefined
let page: Page
let problems: string[] = []
/** Under the trusted tmpdir, so the CLI shows no trust dialog in the worktree either. */
const scratch = mkdtempSync(join(realpathSync(tmpdir()), 'tessera-tasks-e2e-'))
const repo = join(scratch, 'repo')

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' })
}

beforeAll(async () => {
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  git('config', 'user.email', 'e2e@tessera.test')
  git('config', 'user.name', 'e2e')
  writeFileSync(join(repo, 'README.md'), '# Project\n')
  git('add', '.')
  git('commit', '-q', '-m', 'first')
  git('branch', 'release')
  api = await startFakeAnthropic()
  // The user allowed the Write tool, so the agent's write needs no permission dialog.
  const configDir = await prepareClaudeConfigDir({ apiKey: FAKE_API_KEY, trustedDirs: [realpathSync(tmpdir())], settings: { permissions: { allow: ['Write'] } } })
  onPath = await claudeFirstOnPath(DEFAULT_CLAUDE_CLI, { ...claudeEnv(api.url, FAKE_API_KEY, configDir), CLAUDE_CODE_MAX_RETRIES: '0' })
  serve = await startServe([], onPath.env)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(WAIT_MS)
  problems = recordProblems(page)
  await page.goto(serve.url)
  await page.locator('.xterm-rows > div').filter({ hasText: PROMPT_ROW }).first().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await api?.close()
  await onPath?.dispose()
  rmSync(scratch, { recursive: true, force: true })
})

async function tasks(): Promise<Task[]> {
  if (!serve) throw new Error('serve did not start')
  return withBridge(serve, (client) => client.call('tasks.list', {}))
}

async function theTask(): Promise<Task> {
  const [task] = await tasks()
  if (!task) throw new Error('no task')
  return task
}

const column = (state: string): Locator => page.locator(`.task-column[data-column="${state}"]`)
const card = (): Locator => page.locator('.task-card').filter({ hasText: TITLE })
const modelSelect = (stage: string): Locator => page.getByRole('combobox', { name: `${stage} model`, exact: true })
const stageToggle = (stage: string): Locator => page.locator('.task-stage-row').filter({ hasText: stage }).getByRole('checkbox')
const mainRequestWith = (text: string) => (request: RecordedRequest) => request.kind === 'main' && JSON.stringify(request.messages).includes(text)

describe('tasks through the UI', () => {
  let paneOf: Locator

  it('creates a task in the dialog: a model per stage, a disabled dropdown that keeps its choice, a refusal that keeps what was typed', async () => {
    await page.getByRole('button', { name: 'Task board' }).click()
    await page.getByRole('button', { name: 'New task' }).click()
    const dialog = page.getByRole('dialog', { name: 'New task' })
    await dialog.getByLabel('Title').fill(TITLE)
    await dialog.getByLabel('Description').fill(`Write ${FILE} with a greeting.`)
    // A folder that is no git repository is said so under the field.
    await dialog.getByLabel('Repository').fill(scratch)
    await expect.poll(() => dialog.locator('.folder-problem').textContent()).toMatch(/git/i)
    await dialog.getByLabel('Repository').fill(repo)
    await dialog.locator('.folder-problem').waitFor({ state: 'detached' })
    // The repository is checked and its branches listed, the checked-out one chosen.
    await expect.poll(() => dialog.getByLabel('Base branch').locator('option').allTextContents()).toEqual(['main (checked out)', 'release'])
    expect(await dialog.getByLabel('Base branch').inputValue()).toBe('main')

    // Stage defaults as the settings give them; off stages' dropdowns are disabled.
    expect(await modelSelect('Plan').locator('option:checked').textContent()).toBe('Stage default (opus)')
    expect(await modelSelect('Clarify').locator('option:checked').textContent()).toBe('Stage default (haiku)')
    expect(await modelSelect('Document').isDisabled()).toBe(true)

    // A choice made while the stage is on stays through off and on again.
    await stageToggle('Document').check()
    expect(await modelSelect('Document').isDisabled()).toBe(false)
    await modelSelect('Document').selectOption('haiku')
    await stageToggle('Document').uncheck()
    expect(await modelSelect('Document').isDisabled()).toBe(true)
    expect(await modelSelect('Document').inputValue()).toBe('haiku')
    await stageToggle('Document').check()
    expect(await modelSelect('Document').isDisabled()).toBe(false)
    expect(await modelSelect('Document').inputValue()).toBe('haiku')
    await stageToggle('Document').uncheck()

    // plan on sonnet, build on haiku; test on its default; review off.
    await modelSelect('Plan').selectOption('sonnet')
    await modelSelect('Build').selectOption('haiku')
    await stageToggle('Review').uncheck()

    // The host refuses a base branch deleted since it was listed: the dialog says why and keeps everything.
    await dialog.getByLabel('Base branch').selectOption('release')
    git('branch', '-D', 'release')
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await expect.poll(() => dialog.locator('.task-form-failure').textContent()).toContain('release')
    expect(await dialog.getByLabel('Title').inputValue()).toBe(TITLE)
    expect(await modelSelect('Build').inputValue()).toBe('haiku')
    expect(await tasks()).toEqual([])

    await dialog.getByLabel('Base branch').selectOption('main')
    await dialog.getByRole('button', { name: 'Create task' }).click()
    await dialog.waitFor({ state: 'detached' })

    await column('backlog').locator('.task-card').filter({ hasText: TITLE }).waitFor()
    expect(await card().getByTestId('task-stage').textContent()).toBe('Plan → Build → Test')
    const task = await theTask()
    expect(task.stages.filter((choice) => choice.enabled).map((choice) => [choice.stage, choice.model])).toEqual([
      ['plan', 'sonnet'],
      ['build', 'haiku'],
      ['test', undefined]
    ])
    expect(task.stages.find((choice) => choice.stage === 'document')).toEqual({ stage: 'document', enabled: false, model: 'haiku' })
  })

  it('starts the task: the card moves and the pane opens on the plan stage and its model', async () => {
    api?.enqueue({ text: `Plan: write ${FILE}.` })
    await card().getByRole('button', { name: 'Start' }).click()
    const first = await api?.waitForRequest(mainRequestWith(TITLE), WAIT_MS)
    expect(first?.model).toBe(aliasModel(DEFAULT_CLAUDE_CLI, 'sonnet'))

    const task = await theTask()
    expect(task.paneId).toBeDefined()
    paneOf = page.locator(`section.pane[data-pane-id="${task.paneId}"]`)
    await paneOf.waitFor()
    expect(await paneOf.locator('.pane-title').textContent()).toBe(`Plan${TITLE}`)
    expect(await paneOf.getByLabel('Model').inputValue()).toBe('sonnet')
    // The plan's turn ends: the card waits for the user, on the plan stage and its model.
    await column('waiting').locator('.task-card').filter({ hasText: TITLE }).waitFor()
    expect(await card().getByTestId('task-stage').textContent()).toBe('Plan · sonnet')
    expect(await card().locator('.task-branch').textContent()).toBe(task.branch)
    expect(await card().locator('.status-badge').count()).toBe(1)
  })

  it('advances to the build stage: the pane switches to its model and the agent writes a file', async () => {
    const { worktree } = await theTask()
    if (!worktree) throw new Error('the started task has no worktree')
    api?.enqueue({ toolUse: { name: 'Write', input: { file_path: join(worktree, FILE), content: `${GREETING}\n` } } }, { text: `Wrote ${FILE}.` })
    await card().getByRole('button', { name: 'Advance' }).click()
    const build = await api?.waitForRequest((request) => mainRequestWith(TITLE)(request) && request.model !== aliasModel(DEFAULT_CLAUDE_CLI, 'sonnet'), WAIT_MS)
    expect(build?.model).toBe(aliasModel(DEFAULT_CLAUDE_CLI, 'haiku'))
    await expect.poll(() => paneOf.getByLabel('Model').inputValue()).toBe('haiku')
    await expect.poll(() => paneOf.locator('.pane-task-stage').textContent()).toBe('Build')
    await column('waiting').locator('.task-card').filter({ hasText: TITLE }).filter({ hasText: 'Build · haiku' }).waitFor()
  })

  it('shows the file the agent wrote in the changes view, with its diff', async () => {
    await card().getByRole('button', { name: 'Details' }).click()
    const dialog = page.getByRole('dialog', { name: TITLE })
    await dialog.getByRole('tab', { name: 'Changes' }).click()
    const file = dialog.locator('.task-file').filter({ hasText: FILE })
    await file.waitFor()
    expect(await file.locator('.task-file-lines').textContent()).toBe('+1 −0')
    await dialog.locator('.task-diff .d2h-file-wrapper').filter({ hasText: GREETING }).waitFor()
    await dialog.getByRole('button', { name: 'Inline' }).click()
    await dialog.locator('.task-diff[data-layout="line-by-line"]').filter({ hasText: GREETING }).waitFor()
    // The user's own checkout never saw the file.
    expect(git('status', '--porcelain')).toBe('')
    await page.keyboard.press('Escape')
    expect(problems).toEqual([])
  })

  it('marks the task failed from its menu, then reopens it: waiting again, with its pane and worktree', async () => {
    const before = await theTask()
    await card().getByRole('button', { name: `More actions for ${TITLE}` }).click()
    await card().getByRole('button', { name: 'Mark failed' }).click()
    await column('failed').locator('.task-card').filter({ hasText: TITLE }).waitFor()
    expect(await card().getByRole('button', { name: 'Advance' }).count()).toBe(0)
    await card().getByRole('button', { name: 'Reopen' }).click()
    await column('waiting').locator('.task-card').filter({ hasText: TITLE }).waitFor()
    const after = await theTask()
    expect(after).toMatchObject({ state: 'waiting', paneId: before.paneId, worktree: before.worktree, branch: before.branch })
    expect(after.failure).toBeUndefined()
    expect(await card().getByRole('button', { name: 'Advance' }).count()).toBe(1)
    expect(problems).toEqual([])
  })
})
