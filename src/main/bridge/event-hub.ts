import type { EventName, EventPayload, Unsubscribe } from '../../shared/bridge'

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** Fans host events out to every connected transport (windows, browser tabs). */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: EventListener): Unsubscribe {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
