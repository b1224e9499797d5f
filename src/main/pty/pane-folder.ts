import { readlinkSync } from 'node:fs'
import { hostname } from 'node:os'
import { canListProcesses, readProcess } from './process-tree'

/** Output quiet this long (a prompt drawn after `cd`, say) and the pane's folder is read again. */
export const FOLDER_QUIET_MS = 300

/** Where a process works; `gone`: its folder was deleted (Linux shows "<path> (deleted)"). */
export interface ProcessFolder {
  folder: string
  gone: boolean
}

const DELETED = ' (deleted)'

function readCwd(pid: number): ProcessFolder | undefined {
  try {
    const link = readlinkSync(`/proc/${pid}/cwd`)
    return link.endsWith(DELETED) ? { folder: link.slice(0, -DELETED.length), gone: true } : { folder: link, gone: false }
  } catch {
    return undefined
  }
}

/**
 * The folder of the process in the terminal's foreground (the shell at its prompt, or
 * the job it runs), from /proc on Linux; the pane's own process when the foreground
 * one cannot be read; undefined without /proc.
 */
export function foregroundFolder(pid: number): ProcessFolder | undefined {
  if (!canListProcesses()) return undefined
  const foreground = readProcess(pid)?.foregroundGroup
  return (foreground && foreground > 0 ? readCwd(foreground) : undefined) ?? readCwd(pid)
}

// OSC 7 as shells send it: ESC ] 7 ; file://host/path, ended by BEL or ST.
// eslint-disable-next-line no-control-regex -- the escape sequence is made of control characters
const OSC7 = /\x1b\]7;file:\/\/([^/\x07\x1b]*)(\/[^\x07\x1b]*)(?:\x07|\x1b\\)/g

/**
 * The last folder an OSC 7 report in `data` names on this machine (a report from
 * another host, over ssh say, is not a folder here), percent-decoded.
 */
export function lastOsc7Folder(data: string, thisHost = hostname()): string | undefined {
  let folder: string | undefined
  for (const [, host, path] of data.matchAll(OSC7)) {
    if (host !== '' && host !== 'localhost' && host !== thisHost) continue
    try {
      folder = decodeURIComponent(path ?? '')
    } catch {
      // A malformed escape: not a path we can trust.
    }
  }
  return folder
}

/**
 * Reads a pane's folder once its output goes quiet, never in a loop: a flood costs
 * one timer, and a read happens only after output. `read` looks at the folder now.
 */
export class FolderFollower {
  private timer: NodeJS.Timeout | undefined
  private lastOutput = 0

  constructor(
    private readonly read: () => void,
    private readonly quietMs = FOLDER_QUIET_MS
  ) {}

  outputSeen(): void {
    this.lastOutput = Date.now()
    this.timer ??= setTimeout(() => this.quiet(), this.quietMs)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private quiet(): void {
    const since = Date.now() - this.lastOutput
    if (since < this.quietMs) {
      this.timer = setTimeout(() => this.quiet(), this.quietMs - since)
      return
    }
    this.timer = undefined
    this.read()
  }
}
