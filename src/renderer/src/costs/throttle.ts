// New usage arrives in bursts (a turn writes several transcript lines): an open view
// asks the host again at once, then at most once per interval while the burst lasts.

export interface Throttled {
  call(): void
  cancel(): void
}

/** Runs `run` at once, then at most once per `ms`; calls in between fold into one at the end of the wait. */
export function throttle(run: () => void, ms: number): Throttled {
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending = false
  const open = (): void => {
    timer = setTimeout(() => {
      timer = undefined
      if (!pending) return
      pending = false
      run()
      open()
    }, ms)
  }
  return {
    call: () => {
      if (timer) {
        pending = true
        return
      }
      run()
      open()
    },
    cancel: () => {
      clearTimeout(timer)
      timer = undefined
      pending = false
    }
  }
}
