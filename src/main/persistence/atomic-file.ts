import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

// Durable replace-by-rename. steno (lowdb's writer) writes a temp file and renames it, but
// never fsyncs: after a power cut the renamed file can be empty. Here the temp file is
// fsynced before the rename and the folder after it, so the file holds the old content or
// the new, whole.

let sequence = 0

/** A temp name of its own per write, so a write in flight never shares a file with the next. */
function tempPath(path: string): string {
  sequence += 1
  return join(dirname(path), `.${basename(path)}.${process.pid}-${sequence}.tmp`)
}

/** Writes `text` to a fresh temp file beside `path` and fsyncs it; returns the temp path. */
export async function writeTempFile(path: string, text: string): Promise<string> {
  const temp = tempPath(path)
  const handle = await open(temp, 'w', 0o600)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await handle.close()
  return temp
}

export function writeTempFileSync(path: string, text: string): string {
  const temp = tempPath(path)
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, text, null, 'utf8')
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    unlinkSync(temp)
    throw error
  }
  closeSync(fd)
  return temp
}

/** Puts a written temp file in place and makes the rename itself durable. */
export function commitTempFileSync(temp: string, path: string): void {
  renameSync(temp, path)
  syncFolderSync(dirname(path))
}

/**
 * Puts a written temp file in place at once (so the caller can order it against other
 * writes), then makes the rename durable without blocking the event loop.
 */
export async function commitTempFile(temp: string, path: string): Promise<void> {
  renameSync(temp, path)
  const folder = await open(dirname(path), 'r')
  try {
    await folder.sync()
  } finally {
    await folder.close()
  }
}

/** Temp files a killed writer left behind; only the lock holder may call this. */
export function removeTempFiles(folder: string): void {
  for (const name of readdirSync(folder)) if (name.startsWith('.') && name.endsWith('.tmp')) discardTempFile(join(folder, name))
}

export function discardTempFile(temp: string): void {
  try {
    unlinkSync(temp)
  } catch {
    // Already gone: nothing to discard.
  }
}

function syncFolderSync(folder: string): void {
  const fd = openSync(folder, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The whole durable write in one synchronous call (quit, tests). */
export function writeFileAtomicSync(path: string, text: string): void {
  commitTempFileSync(writeTempFileSync(path, text), path)
}
