import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CallInput } from '../../src/shared/bridge.ts'
import { BridgeClient } from '../../tests/support/bridge-client.ts'
import { offlineClaude } from '../../tests/support/offline-claude.ts'
import { startServe } from '../../tests/support/serve-process.ts'
import { summarize, type Figures } from '../report.ts'
import { pollInPage, VIEWPORT } from '../support/app-page.ts'
import { BenchBrowser, type BenchPage } from '../support/devtools.ts'
import { stopServe, withCleanup, type Cleanup } from '../support/process.ts'

// Tasks as a user waits for them:
// - board_100_tasks_render_ms: a host with 100 persisted tasks; the page is reloaded with the
//   board full width; from the navigation's start (the page's time origin) to the frame after
//   the 100th card is in the DOM. Median of ROUNDS reloads.
// - task_start_ms: Start pressed on a card to the first stage's prompt reaching the fake API
//   (worktree and branch creation, the agent's launch and the prompt's submission included),
//   on a repository of 2,000 files. Median of ROUNDS tasks, one after the other.

const ROUNDS = 5
const BOARD_TASKS = 100
const REPO_FILES = 2000
const POLL_MS = 10
const BOARD_TIMEOUT_MS = 30_000
const PROMPT_TIMEOUT_MS = 60_000

const log = (line: string): void => void process.stderr.write(`bench: tasks: ${line}\n`)

/** A repository of `files` small committed files in nested folders, on branch main. */
function makeRepo(files: number): string {
  const repo = mkdtempSync(join(realpathSync(tmpdir()), 'tessera-bench-repo-'))
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'bench@tessera.test')
  git('config', 'user.name', 'bench')
  for (let index = 0; index < files; index++) {
    const folder = join(repo, 'src', `module-${Math.floor(index / 50)}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, `file-${index}.ts`), `export const value${index} = ${index}\n`)
  }
  git('add', '-A')
  git('commit', '-q', '-m', 'bench repository')
  return repo
}

function taskInput(repo: string, title: string): CallInput<'tasks.create'> {
  return {
    title,
    description: 'A task of the bench.',
    repo,
    baseBranch: 'main',
    complexity: 'medium',
    stages: [
      { stage: 'plan', enabled: true, model: 'haiku' },
      { stage: 'build', enabled: true },
      { stage: 'test', enabled: true }
    ],
    autoAdvance: false
  }
}

/** The page keeps the board's place in localStorage: set it, so the next load shows it. */
async function showBoard(page: BenchPage, view: 'panel' | 'board'): Promise<void> {
  await page.evaluate(`localStorage.setItem('tessera.taskView', ${JSON.stringify(view)})`)
}

/**
 * Installed before each document: records (page clock) the frame after `count` cards are in
 * the DOM, with a MutationObserver, so the time does not depend on when the bench asks.
 */
const boardWatch = (count: number): string => `
  new MutationObserver((_, observer) => {
    if (document.querySelectorAll('.task-card').length < ${count}) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__boardDrawnAt = performance.now(); });
  }).observe(document, { childList: true, subtree: true });`

async function measureBoard(browser: BenchBrowser, cleanup: Cleanup): Promise<number[]> {
  const repo = makeRepo(3)
  cleanup.add(() => rmSync(repo, { recursive: true, force: true }))
  const serve = await startServe()
  cleanup.add(() => stopServe(serve))
  const bridge = await BridgeClient.connect(serve)
  try {
    for (let index = 1; index <= BOARD_TASKS; index++) await bridge.call('tasks.create', taskInput(repo, `Board task ${String(index).padStart(3, '0')}`))
  } finally {
    await bridge.close()
  }
  const page = await browser.newPage(VIEWPORT)
  cleanup.add(() => page.close())
  page.onError((message) => log(`page error: ${message}`))
  await page.goto(serve.url)
  await showBoard(page, 'board')
  await page.send('Page.addScriptToEvaluateOnNewDocument', { source: boardWatch(BOARD_TASKS) })
  const samples: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    await page.goto(serve.url)
    await pollInPage(page, 'window.__boardDrawnAt !== undefined', POLL_MS, BOARD_TIMEOUT_MS)
    samples.push(await page.evaluate<number>('window.__boardDrawnAt'))
    log(`board of ${BOARD_TASKS} drawn ${Math.round(samples[samples.length - 1] as number)} ms after the reload began`)
  }
  return samples
}

async function measureStart(browser: BenchBrowser, cleanup: Cleanup): Promise<number[]> {
  const repo = makeRepo(REPO_FILES)
  cleanup.add(() => rmSync(repo, { recursive: true, force: true }))
  const claude = await offlineClaude()
  cleanup.add(() => claude.dispose())
  const serve = await startServe([], claude.env)
  cleanup.add(() => stopServe(serve))
  const page = await browser.newPage(VIEWPORT)
  cleanup.add(() => page.close())
  page.onError((message) => log(`page error: ${message}`))
  await page.goto(serve.url)
  await showBoard(page, 'panel')
  await page.goto(serve.url)
  const bridge = await BridgeClient.connect(serve)
  cleanup.add(() => bridge.close())
  const samples: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const title = `Bench start ${round}`
    const task = await bridge.call('tasks.create', taskInput(repo, title))
    const start = `.task-card[data-task-id="${task.id}"] .task-card-actions button.main`
    await pollInPage(page, `document.querySelector(${JSON.stringify(start)}) !== null`, POLL_MS, BOARD_TIMEOUT_MS)
    const prompt = claude.api.waitForRequest((request) => request.kind === 'main' && JSON.stringify(request.messages).includes(title), PROMPT_TIMEOUT_MS)
    const pressedAt = Date.now()
    await page.click(start)
    const request = await prompt
    samples.push(request.at - pressedAt)
    log(`round ${round}: prompt reached the API ${request.at - pressedAt} ms after Start`)
    // Its pane closes and its worktree and branch go, so every round starts alike.
    await bridge.call('tasks.delete', { taskId: task.id, removeWorktree: true, removeBranch: true })
  }
  return samples
}

export async function measure(): Promise<Figures> {
  const browser = await BenchBrowser.launch()
  try {
    const board = await withCleanup((cleanup) => measureBoard(browser, cleanup))
    const start = await withCleanup((cleanup) => measureStart(browser, cleanup))
    const boardSummary = summarize(board)
    const startSummary = summarize(start)
    return {
      board_100_tasks_render_ms: Math.round(boardSummary.median),
      board_100_tasks_render_max_ms: Math.round(boardSummary.max),
      task_start_ms: Math.round(startSummary.median),
      task_start_max_ms: Math.round(startSummary.max)
    }
  } finally {
    await browser.close()
  }
}
