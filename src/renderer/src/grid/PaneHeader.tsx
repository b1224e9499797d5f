import { useRef } from 'react'
import type { PaneInfo } from '../../../shared/bridge'
import { useAppState, useWorkbench } from '../state/context'
import { PANE_DRAG_TYPE } from './drop-target'
import { MenuCost, PaneCostView } from '../costs/PaneCostView'
import { headerContent, headerCost, SKIPPING_TEXT } from './header-content'
import { ModelPicker } from './ModelPicker'
import { CrashRestartBadge } from './CrashRestartBadge'
import { PaneActions } from './PaneActions'
import { PaneState, TextBadge } from './PaneState'
import { StatusBadge } from './StatusBadge'
import { useHeaderPlan } from './use-header-plan'
import './pane-header.css'
import { basename, paneTitle } from './pane-title'
import { TaskTitle, taskTitleTooltip } from '../tasks/TaskTitle'
import { creatorDetail, creatorMark } from './creator-text'
import { useCreator } from './use-creator'

export function PaneHeader({ paneId, pane }: { paneId: string; pane: PaneInfo | undefined }): React.JSX.Element {
  const workbench = useWorkbench()
  const oscTitle = useAppState((s) => s.titles[paneId])
  const agents = useAppState((s) => s.agents)
  const title = paneTitle(pane, oscTitle, agents)
  const headerRef = useRef<HTMLElement>(null)
  // What fits: the header gives parts up in a fixed order as the pane narrows (header-plan.ts).
  const madeBy = useCreator(pane?.creator)
  const plan = useHeaderPlan(headerRef, headerContent(pane, oscTitle, madeBy))
  const cost = headerCost(pane)
  const creator = creatorDetail(madeBy)
  const titleTooltip = pane?.task ? taskTitleTooltip(pane.task, pane.cwd) : pane ? `${title}\n${pane.cwd}` : title

  return (
    <header
      ref={headerRef}
      className="pane-header"
      data-header-step={plan.step}
      // A click on the header (not its buttons) puts the keyboard in this pane.
      onMouseDown={(event) => {
        const target = event.target as HTMLElement
        if (target.closest('button')) return
        // Not on the grip: a prevented mousedown would also prevent the drag.
        if (!target.closest('.pane-grip')) event.preventDefault()
        workbench.focusPane(paneId)
      }}
    >
      <span
        className="pane-grip"
        draggable
        title="Drag onto another pane to move this one beside it (or onto its middle to swap)"
        onDragStart={(event) => {
          event.dataTransfer.setData(PANE_DRAG_TYPE, paneId)
          event.dataTransfer.effectAllowed = 'move'
          workbench.setDragging(paneId)
        }}
        onDragEnd={() => workbench.setDragging(null)}
        // The grip's mousedown is left alone (it starts drags), so the keyboard returns to the terminal on click.
        onClick={() => workbench.focusPane(paneId)}
      >
        <span className="pane-kind" data-kind={pane?.kind ?? 'shell'} aria-hidden="true" />
        {/* A task's pane: its stage before its title, both inside the title's room (it gives way first as the pane narrows). */}
        <span className="pane-title" title={creator ? `${titleTooltip}\n${creator}` : titleTooltip}>
          {pane?.task ? <TaskTitle task={pane.task} /> : title}
        </span>
      </span>
      {creator && plan.showCreator && (
        <span className="pane-creator" title={creator}>
          {creatorMark(madeBy)}
        </span>
      )}
      {oscTitle && pane && plan.showCwd && <span className="pane-cwd">{basename(pane.cwd)}</span>}
      {pane && !plan.pickerInMenu && <ModelPicker pane={pane} compact={plan.compactPicker} showChips={plan.showPreset} />}
      {pane?.status && <StatusBadge status={pane.status} dot={plan.badgeDots} />}
      {pane?.skipping && (
        <TextBadge
          className="skipping"
          text={SKIPPING_TEXT}
          dot={plan.badgeDots}
          title="This pane prints faster than the page can draw: you see its newest screen, and its scrollback once it stops"
        />
      )}
      <span className="pane-meta" data-pane-meta="">
        {cost && <PaneCostView paneId={paneId} cost={cost} compact={plan.compactPicker} dot={plan.badgeDots} inMenu={plan.pickerInMenu} />}
      </span>
      <PaneState paneId={paneId} pane={pane} dot={plan.badgeDots} overflow={plan.overflow} />
      <CrashRestartBadge pane={pane} dot={plan.badgeDots} overflow={plan.overflow} />
      <PaneActions
        paneId={paneId}
        overflow={plan.overflow}
        exited={Boolean(pane?.exit && !pane.error)}
        autoRestart={pane?.kind === 'shell' ? undefined : (pane?.autoRestart?.enabled ?? true)}
        model={pane?.agent && pane.kind !== 'shell' && plan.pickerInMenu ? <ModelPicker pane={pane} showChips={false} /> : undefined}
        cost={cost && plan.pickerInMenu ? <MenuCost cost={cost} /> : undefined}
        onBudget={pane?.kind === 'claude' ? () => workbench.openBudget(paneId) : undefined}
      />
    </header>
  )
}
