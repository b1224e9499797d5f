import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import type { CallInput, CallName, CallOutput } from '../../shared/bridge'
import { TaskInput } from '../../shared/tasks'
import type { McpHost } from './mcp-host'

// The task board's tools: the same tasks.* calls the board makes, through the bridge's
// handlers (validation, stage models, git checks), so a refused task leaves nothing behind.

const taskId = z.string().uuid().describe('The task id, as tessera_create_task or tessera_list_tasks return it.')

const CreateTaskInput = z
  .object({
    task: TaskInput.describe(
      'title; description (what the agent is asked to do); repo (a folder inside a git repository on this machine); baseBranch; complexity (trivial|simple|medium|complex|expert); stages: [{stage: clarify|plan|build|test|review|document|merge, enabled, model?}] (a stage left out is off; model: an alias or id, else the stage default); autoAdvance (run the next stage when one ends).'
    ),
    start: z.boolean().optional().describe('Start it at once: a git worktree and branch tessera/<slug>, a Claude pane there, the first stage prompt submitted.')
  })
  .strict()

const TaskRefInput = z.object({ taskId }).strict()

const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] })

/** Registers tessera_create_task, tessera_list_tasks and tessera_advance_task on one session's server. */
export function registerTaskTools(server: McpServer, host: McpHost, clientId: () => string): void {
  const call = async <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> => {
    const result = await host.dispatcher.dispatch(name, input, 'mcp', clientId())
    if (!result.ok) throw new Error(result.error.message)
    return result.value as CallOutput<K>
  }

  server.registerTool(
    'tessera_create_task',
    {
      title: 'Create a task',
      description:
        'Creates a task on the board: its own git worktree and branch, a Claude pane, and stages (clarify → plan → build → test → review → document → merge) each on the model chosen for it. Every stage model and the repo are checked first; nothing is stored when one is wrong. With start, the task starts at once. Returns the task (id, state, stages, branch, worktree, paneId once started).',
      inputSchema: CreateTaskInput
    },
    async ({ task, start }) => {
      const created = await call('tasks.create', task)
      return json(start ? await call('tasks.start', { taskId: created.id }) : created)
    }
  )

  server.registerTool(
    'tessera_list_tasks',
    {
      title: 'List tasks',
      description: 'Lists every task, newest first: id, title, state (backlog, running, waiting, review, done, failed), current stage and its model, paneId, branch, worktree, cost so far.',
      inputSchema: z.object({}).strict(),
      annotations: { readOnlyHint: true }
    },
    async () => json(await call('tasks.list', {}))
  )

  server.registerTool(
    'tessera_advance_task',
    {
      title: 'Advance a task',
      description:
        "Runs a waiting task's next enabled stage in the same worktree and conversation, on that stage's model (a stage that did not finish runs again). Refused unless the task is waiting. Wait for the stage with tessera_wait_for_turn on the task's paneId. Returns the task.",
      inputSchema: TaskRefInput
    },
    async ({ taskId: id }) => json(await call('tasks.advance', { taskId: id }))
  )
}
