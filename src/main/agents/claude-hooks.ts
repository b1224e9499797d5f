import { HOOK_EVENTS, HOOK_SECRET_ENV, HOOK_SECRET_HEADER } from '../status'

/** What a Claude pane's hooks need: where to post, and the command that forwards SessionStart. */
export interface HookTarget {
  url: string
  secret: string
  /** A shell command that POSTs its stdin to `url` (SessionStart reaches only command hooks). */
  forwardCommand: string
}

/** Every event Tessera listens to over http (SessionStart reaches only command hooks). */
const HTTP_EVENTS = HOOK_EVENTS.filter((event) => event !== 'SessionStart')

const HOOK_TIMEOUT_S = 5

/** The `--settings` document that reports every event of the pane to Tessera. */
export function hookSettings({ url, forwardCommand }: HookTarget): Record<string, unknown> {
  const http = {
    type: 'http',
    url,
    headers: { [HOOK_SECRET_HEADER]: `$${HOOK_SECRET_ENV}` },
    allowedEnvVars: [HOOK_SECRET_ENV],
    timeout: HOOK_TIMEOUT_S
  }
  const hooks: Record<string, unknown> = Object.fromEntries(HTTP_EVENTS.map((event) => [event, [{ hooks: [http] }]]))
  hooks.SessionStart = [{ hooks: [{ type: 'command', command: forwardCommand, async: true, timeout: HOOK_TIMEOUT_S }] }]
  return { hooks }
}
