import type { CliInfo } from '../../shared/bridge'

// What running panes taught Tessera about an installed Claude Code, kept per binary and
// version for the panes that start later: the model id each alias sends (aliases move
// between versions) and the permission mode it starts in when none is asked for.

const aliasModels = new Map<string, string>()
const defaultModes = new Map<string, string>()

const cliKey = (cli: CliInfo): string => `${cli.path}\0${cli.version ?? ''}`
/** No model asked for: the CLI's own default, remembered under this name. */
const DEFAULT_MODEL = 'default'
const isAlias = (model: string): boolean => !model.startsWith('claude-')

/** A pane started with `requested` (an alias, or nothing) and its CLI reported sending `model`. */
export function learnModel(cli: CliInfo, requested: string | undefined, model: string): void {
  const name = requested ?? DEFAULT_MODEL
  if (isAlias(name)) aliasModels.set(`${cliKey(cli)}\0${name}`, model)
}

/** The model id `requested` sent the last time this CLI started with it, if a pane saw it. */
export function learnedModel(cli: CliInfo, requested: string | undefined): string | undefined {
  const name = requested ?? DEFAULT_MODEL
  return isAlias(name) ? aliasModels.get(`${cliKey(cli)}\0${name}`) : undefined
}

/** A pane that asked for no permission mode reported running in `mode`. */
export function learnDefaultMode(cli: CliInfo, mode: string): void {
  defaultModes.set(cliKey(cli), mode)
}

export function learnedDefaultMode(cli: CliInfo | undefined): string | undefined {
  return cli ? defaultModes.get(cliKey(cli)) : undefined
}

/** Unset, or Anthropic's own API: where auto mode's server-side check can run. */
export function isFirstPartyApi(baseUrl: string | undefined): boolean {
  if (!baseUrl) return true
  try {
    return new URL(baseUrl).hostname === 'api.anthropic.com'
  } catch {
    return false
  }
}

/** What the pane's permission mode will do here, when it is worth saying. */
export function permissionNote(mode: string | undefined, baseUrl: string | undefined, cli: CliInfo | undefined): string | undefined {
  const effective = mode ?? learnedDefaultMode(cli)
  if (effective !== 'auto' || isFirstPartyApi(baseUrl)) return undefined
  return (
    `Auto mode cannot check actions here: its safety check runs on Anthropic's servers and requests go through ${baseUrl}. ` +
    'Claude Code will ask you to approve each action that needs the check (a full-screen notice first). ' +
    'Choose permission mode acceptEdits or manual to avoid the notice.'
  )
}
