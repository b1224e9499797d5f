/**
 * Event-driven waiting for tests: callbacks call notify(), and until() resolves
 * as soon as its condition holds (the test timeout bounds it). No polling, no sleeps.
 */
export interface ConditionWaiter {
  notify(): void
  until(condition: () => boolean): Promise<void>
}

export function createConditionWaiter(): ConditionWaiter {
  let waiters: Array<() => void> = []
  return {
    notify: () => waiters.forEach((wake) => wake()),
    until: (condition) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!condition()) return
          waiters = waiters.filter((w) => w !== check)
          resolve()
        }
        waiters.push(check)
        check()
      })
  }
}
