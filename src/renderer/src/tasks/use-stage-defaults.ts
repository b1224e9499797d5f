import { useEffect, useState } from 'react'
import { DEFAULT_STAGE_MODELS, type Stage } from '../../../shared/tasks'
import { useWorkbench } from '../state/context'

/** A stage without a default runs on its preset's or workspace's model. */
export type StageDefaults = Readonly<Partial<Record<Stage, string>>>

/**
 * The stage default models in force (tasks.settings), for the create dialog's "Stage
 * default (…)" choices; the built-in defaults until (or unless) the host answers.
 */
export function useStageDefaults(): StageDefaults {
  const { client } = useWorkbench()
  const [models, setModels] = useState<StageDefaults>(DEFAULT_STAGE_MODELS)
  useEffect(() => {
    let live = true
    client.call('tasks.settings', {}).then(
      (settings) => live && setModels(settings.stageModels),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [client])
  return models
}
