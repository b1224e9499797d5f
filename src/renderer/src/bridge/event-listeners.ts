import type { EventName, EventPayload, Unsubscribe } from '../../../shared/bridge'

type AnyListener = (payload: unknown) => void

/** Per-event listener sets, shared by both client transports. */
export class EventListeners {
  private readonly byName = new Map<string, Set<AnyListener>>()

  add<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const set = this.byName.get(name) ?? new Set<AnyListener>()
    this.byName.set(name, set)
    set.add(listener as AnyListener)
    return () => set.delete(listener as AnyListener)
  }

  emit(name: string, payload: unknown): void {
    for (const listener of this.byName.get(name) ?? []) listener(payload)
  }
}
