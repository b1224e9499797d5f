// Messages between the PaneManager's thread and the mirror worker. Frames travel as
// strings: structured clone copies a 64K-char frame in microseconds, while turning it
// into a transferable buffer would cost an encode on the PTY thread.

export type ToMirror =
  | { type: 'open'; paneId: string; cols: number; rows: number; scrollback: number }
  | { type: 'write'; paneId: string; data: string }
  | { type: 'resize'; paneId: string; cols: number; rows: number }
  | { type: 'close'; paneId: string }
  | { type: 'snapshot'; requestId: number; paneId: string }
  /** lastLines: the last that many lines of scrollback and screen (trailing blank rows left out) instead of the visible rows. */
  | { type: 'screen'; requestId: number; paneId: string; lastLines?: number }
  /** Diagnostics and tests: makes the worker throw, as a bug in it would. */
  | { type: 'crash' }

export type FromMirror =
  /** Characters of a pane's frames parsed since the last report (flow control). */
  | { type: 'parsed'; paneId: string; chars: number }
  | { type: 'title'; paneId: string; title: string }
  | { type: 'result'; requestId: number; value: string | string[] }
  | { type: 'failed'; requestId: number; message: string }
