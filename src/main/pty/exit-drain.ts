import { closeSync, constants, openSync, readSync } from 'node:fs'
import { Readable } from 'node:stream'
import type { IPty } from 'node-pty'
import type { Logger } from '../log'

/**
 * Every byte before exit (Linux). Root cause, reproduced with plain node-pty 1.1.0 on
 * Node 20 (27 of 30 `cat` runs of a 1.5 MB file lost their last 3–15 KB): libuv treats
 * POLLHUP after a short read as end of stream (fixed upstream in libuv PR #4997, not in
 * Node 20's libuv). A PTY master reports POLLHUP as soon as the child has exited while
 * the kernel still buffers its last output, and PTY reads are always "short", so the
 * socket ends and node-pty drops that tail.
 *
 * Fix: keep our own descriptor on the slave side so the master never hangs up. When
 * node-pty learns that the child exited (it then registers its 'close' listener), take
 * what the stream buffered, read the master with non-blocking reads until EAGAIN, close
 * our slave descriptor and only then let node-pty close the socket and emit exit.
 * This relies on node-pty 1.1.0's UnixTerminal internals; when they are not there it
 * logs and leaves node-pty's own behaviour.
 */

interface UnixPtyInternals {
  fd: number
  ptsName: string
  _socket: Readable
  once(event: string, listener: (...args: unknown[]) => void): void
}

/** Bounds the final read, in case a leftover background job keeps writing. */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024

function internalsOf(pty: IPty): UnixPtyInternals | undefined {
  const candidate = pty as unknown as Partial<UnixPtyInternals>
  const usable =
    typeof candidate.fd === 'number' &&
    typeof candidate.ptsName === 'string' &&
    candidate._socket instanceof Readable &&
    typeof candidate.once === 'function'
  return usable ? (candidate as UnixPtyInternals) : undefined
}

/** Reads the master until the kernel has nothing more (EAGAIN) or the slave is gone (EIO). */
function readRemaining(fd: number, deliver: (chunk: Buffer) => void): void {
  const buffer = Buffer.alloc(64 * 1024)
  for (let total = 0; total < MAX_DRAIN_BYTES; ) {
    let count: number
    try {
      count = readSync(fd, buffer, 0, buffer.length, null)
    } catch {
      return // EAGAIN: drained; EIO: nothing left to read.
    }
    if (count <= 0) return
    total += count
    deliver(Buffer.from(buffer.subarray(0, count)))
  }
}

/** Installs the fix on a freshly spawned PTY; `deliver` is the same sink as onData. */
export function holdOutputUntilExit(pty: IPty, deliver: (chunk: Buffer) => void, log: Logger): void {
  if (process.platform !== 'linux') return
  const internals = internalsOf(pty)
  if (!internals) return log.warn('node-pty internals changed; the last output before exit may be lost')
  let slave: number | undefined
  try {
    slave = openSync(internals.ptsName, constants.O_RDWR | constants.O_NOCTTY)
  } catch (error) {
    return log.warn('could not hold the PTY slave open', { error: String(error) })
  }
  const socket = internals._socket
  let drained = false
  const drain = (): void => {
    if (drained) return
    drained = true
    try {
      while (socket.read() !== null); // read() emits 'data' for what the stream buffered
      readRemaining(internals.fd, deliver)
    } finally {
      if (slave !== undefined) closeSync(slave)
      slave = undefined
    }
  }
  const destroy = socket.destroy.bind(socket)
  // Whoever closes the socket (node-pty's 200 ms exit timer, an error) drains first.
  socket.destroy = (error?: Error) => (drain(), destroy(error))
  const once = internals.once.bind(pty)
  internals.once = (event, listener) => {
    once(event, listener)
    // node-pty's exit callback waits for 'close'; the child has exited, so finish now.
    if (event === 'close' && !socket.destroyed) socket.destroy()
  }
}
