/** 'alive', or the errno (ESRCH once the process is gone): signal 0 probes a pid without touching it. */
export function processState(pid: number): string {
  try {
    process.kill(pid, 0)
    return 'alive'
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error)
  }
}
