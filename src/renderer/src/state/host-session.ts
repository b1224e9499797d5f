import type { TesseraClient } from '../../../shared/bridge'
import { retryDelay } from '../bridge/backoff'
import type { ClosableClient, HostLink, SocketLink } from '../bridge/host-link'

// The page's connection to its host over time. Browser mode tries again, forever,
// whenever the connection is lost or a try fails (the host restarted, say); each
// connection gets a workbench of its own, since a restarted host's panes come with
// new output streams, and the one it replaces is disposed.

/** What the session needs of a workbench. */
export interface SessionWorkbench {
  start(): Promise<void>
  dispose(): void
}

export type LinkState =
  | { phase: 'connecting' }
  | { phase: 'connected' }
  /** Not connected; the next try is scheduled. `problem`: why the last one failed, when the host said no. */
  | { phase: 'retrying'; problem?: string }
  /** This page can never connect (its address has no token), or the desktop view failed to start. */
  | { phase: 'failed'; message: string }

export interface SessionView<W> {
  link: LinkState
  /** The newest connection's workbench: shown (greyed while retrying) until the next connection replaces it. */
  workbench: W | null
  /** Counts the connections made, so the page builds its view afresh for each. */
  generation: number
}

export const REFUSED_TEXT = 'Tessera refused the connection: the token in this address may be wrong.'

type Attempt<W> = { ok: true; workbench: W; client: ClosableClient; connection: Connection } | { ok: false; problem?: string }

interface Connection {
  closed: boolean
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class HostSession<W extends SessionWorkbench> {
  private view: SessionView<W> = { link: { phase: 'connecting' }, workbench: null, generation: 0 }
  private readonly listeners = new Set<() => void>()
  /** Identifies one start(): work still under way from an earlier one, stopped since, is dropped. */
  private run: object | undefined
  private live: Connection | undefined
  private failures = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly link: () => HostLink,
    private readonly makeWorkbench: (client: TesseraClient, previous: W | null) => W
  ) {}

  get = (): SessionView<W> => this.view

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    const run = (this.run = {})
    let link: HostLink
    try {
      link = this.link()
    } catch (error) {
      this.publish({ link: { phase: 'failed', message: errorText(error) } })
      return
    }
    if (link.kind === 'ipc') void this.startOnce(link.client, run)
    else void this.tryConnect(link, run)
  }

  stop(): void {
    this.run = undefined
    this.live = undefined
    clearTimeout(this.timer)
    this.view.workbench?.dispose()
    this.publish({ link: { phase: 'connecting' }, workbench: null })
  }

  /** The desktop window's IPC: one workbench for the window's life. */
  private async startOnce(client: TesseraClient, run: object): Promise<void> {
    const workbench = this.makeWorkbench(client, null)
    try {
      await workbench.start()
    } catch (error) {
      workbench.dispose()
      if (this.run === run) this.publish({ link: { phase: 'failed', message: errorText(error) } })
      return
    }
    if (this.run === run) this.adopt(workbench)
    else workbench.dispose()
  }

  private async tryConnect(link: SocketLink, run: object): Promise<void> {
    const attempt = await this.attempt(link, run)
    if (this.run !== run) {
      if (attempt.ok) this.discard(attempt.workbench, attempt.client)
      return
    }
    if (!attempt.ok) {
      this.publish({ link: { phase: 'retrying', ...(attempt.problem && { problem: attempt.problem }) } })
      this.retryLater(link, run)
      return
    }
    this.failures = 0
    this.live = attempt.connection
    this.adopt(attempt.workbench)
  }

  /** One try: the host answers, lets this page in, and a new workbench starts on the connection. */
  private async attempt(link: SocketLink, run: object): Promise<Attempt<W>> {
    if (!(await link.reachable())) return { ok: false }
    const connection: Connection = { closed: false }
    let client: ClosableClient
    try {
      client = await link.open(() => this.lost(connection, link, run))
    } catch {
      return { ok: false, problem: REFUSED_TEXT }
    }
    const workbench = this.makeWorkbench(client, this.view.workbench)
    let problem: string | undefined
    try {
      await workbench.start()
    } catch (error) {
      problem = errorText(error)
    }
    if (problem === undefined && !connection.closed && this.run === run) return { ok: true, workbench, client, connection }
    this.discard(workbench, client)
    // A connection lost while starting is one more lost connection, not the host saying no.
    return connection.closed ? { ok: false } : { ok: false, problem }
  }

  private discard(workbench: W, client: ClosableClient): void {
    workbench.dispose()
    client.close()
  }

  private lost(connection: Connection, link: SocketLink, run: object): void {
    connection.closed = true
    if (this.live !== connection || this.run !== run) return
    this.live = undefined
    this.publish({ link: { phase: 'retrying' } })
    this.retryLater(link, run)
  }

  private retryLater(link: SocketLink, run: object): void {
    this.timer = setTimeout(() => void this.tryConnect(link, run), retryDelay(this.failures++))
  }

  /** Shows the new workbench, then disposes the one it replaces (its terminals with it). */
  private adopt(workbench: W): void {
    const previous = this.view.workbench
    this.publish({ link: { phase: 'connected' }, workbench, generation: this.view.generation + 1 })
    if (previous !== workbench) previous?.dispose()
  }

  private publish(change: Partial<SessionView<W>>): void {
    this.view = { ...this.view, ...change }
    for (const listener of this.listeners) listener()
  }
}
