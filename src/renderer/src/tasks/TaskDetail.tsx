import { Fragment, useState } from 'react'
import { STAGE_LABELS, TASK_STATE_LABELS, type StageCost, type Task } from '../../../shared/tasks'
import { Dialog } from '../components/Dialog'
import { formatCount, totalTokens } from '../costs/cost-format'
import { useAppState, useWorkbench } from '../state/context'
import { ChangesView } from './ChangesView'
import { changedText, formatBytes, stagePath, taskCostText } from './task-board'
import { PROGRESS_LABELS, stageCostText, stageRows, tokenCountText, usageCostText } from './task-detail'
import { useTaskQuery } from './use-task-query'
import './tasks.css'

type Tab = 'stages' | 'changes'

/** Every stage with its model and state, and tokens and dollars per stage and model. */
function StagesTable({ task, costs }: { task: Task; costs: readonly StageCost[] }): React.JSX.Element {
  const rows = stageRows(task, costs)
  return (
    <table className="task-stage-table" aria-label="Stages">
      <thead>
        <tr>
          <th>Stage</th>
          <th>Model</th>
          <th>State</th>
          <th className="num">Tokens</th>
          <th className="num">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Fragment key={row.stage}>
            <tr className="task-stage-line" data-progress={row.progress} data-current={task.stage === row.stage ? '' : undefined}>
              <td>{STAGE_LABELS[row.stage]}</td>
              <td>{row.ran ?? row.chosen ?? 'stage default'}</td>
              <td>
                {PROGRESS_LABELS[row.progress]}
                {row.runs > 1 ? ` (${row.runs} runs)` : ''}
              </td>
              <td className="num" title={row.cost ? `${formatCount(totalTokens(row.cost.tokens))} tokens` : undefined}>
                {row.cost ? tokenCountText(row.cost.tokens) : '—'}
              </td>
              <td className="num">{stageCostText(row.cost)}</td>
            </tr>
            {/* The ids the API billed, under the stage: what the plan on opus cost against the build on sonnet. */}
            {row.models.map((usage) => (
              <tr key={usage.model} className="task-stage-model">
                <td />
                <td colSpan={2}>{usage.model}</td>
                <td className="num" title={`${formatCount(totalTokens(usage.tokens))} tokens, ${usage.requests} requests`}>
                  {tokenCountText(usage.tokens)}
                </td>
                <td className="num">{usageCostText(usage)}</td>
              </tr>
            ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  )
}

function Summary({ task }: { task: Task }): React.JSX.Element {
  const cost = taskCostText(task.cost)
  const changed = changedText(task.changedFiles)
  return (
    <dl className="task-summary">
      <dt>State</dt>
      <dd>
        {TASK_STATE_LABELS[task.state]}
        {task.paused ? ' (paused)' : ''}
      </dd>
      <dt>Stages</dt>
      <dd>{stagePath(task) || 'none'}</dd>
      <dt>Branch</dt>
      <dd>
        {task.branch} from {task.baseBranch}
        {task.baseCommit ? ` at ${task.baseCommit.slice(0, 10)}` : ''}
      </dd>
      <dt>Worktree</dt>
      <dd>
        {task.worktree ?? 'none'}
        {task.diskBytes !== undefined && task.worktree ? ` (${formatBytes(task.diskBytes)} on disk)` : ''}
      </dd>
      {cost && (
        <>
          <dt>Cost so far</dt>
          <dd>{cost}</dd>
        </>
      )}
      {changed && (
        <>
          <dt>Changes</dt>
          <dd>{changed}</dd>
        </>
      )}
      {task.failure && (
        <>
          <dt>Problem</dt>
          <dd className="task-failure">{task.failure}</dd>
        </>
      )}
    </dl>
  )
}

function StagesTab({ task }: { task: Task }): React.JSX.Element {
  const { client } = useWorkbench()
  const { value, problem } = useTaskQuery(task.id, task.paneId, () => client.call('tasks.get', { taskId: task.id }))
  return (
    <>
      <Summary task={value?.task ?? task} />
      {problem && (
        <p className="settings-field-error" role="alert">
          {problem}
        </p>
      )}
      <StagesTable task={value?.task ?? task} costs={value?.stageCosts ?? []} />
    </>
  )
}

/** One task in full: its stages and what each cost, and the changes in its worktree. */
export function TaskDetail(): React.JSX.Element {
  const workbench = useWorkbench()
  const task = useAppState((s) => s.tasks.find((entry) => entry.id === s.taskFor))
  const [tab, setTab] = useState<Tab>('stages')
  const close = (): void => workbench.setOverlay(null)
  if (!task) {
    return (
      <Dialog title="Task" className="task-detail" onClose={close}>
        <p className="dialog-footnote">This task is gone.</p>
      </Dialog>
    )
  }
  return (
    <Dialog title={task.title} className="task-detail" onClose={close}>
      <div className="task-detail-body">
        <div className="settings-tabs" role="tablist" aria-label="Task views">
          {(['stages', 'changes'] as const).map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              className="settings-tab"
              aria-selected={tab === key}
              data-autofocus={tab === key ? '' : undefined}
              onClick={() => setTab(key)}
            >
              {key === 'stages' ? 'Stages and cost' : 'Changes'}
            </button>
          ))}
        </div>
        <div role="tabpanel" className="task-detail-panel">
          {tab === 'stages' ? <StagesTab task={task} /> : <ChangesView task={task} />}
        </div>
      </div>
    </Dialog>
  )
}
