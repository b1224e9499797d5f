// The contract's call names without zod, so the sandboxed preload stays small.
// bridge.ts checks that its schemas cover exactly these names.
export const CALL_NAMES = [
  'app.info',
  'agents.list',
  'pane.list',
  'pane.create',
  'pane.restart',
  'pane.ack',
  'pane.attach',
  'pane.write',
  'pane.resize',
  'pane.release',
  'pane.close',
  'pane.foregroundJob',
  'pane.setModel',
  'presets.list',
  'presets.save',
  'presets.delete',
  'workspace.get',
  'workspace.set',
  'folders.get',
  'folders.setWorkspace',
  'folders.complete',
  'folders.choose',
  'layout.get',
  'layout.resize',
  'layout.equalize',
  'layout.zoom',
  'layout.move',
  'layout.swap'
] as const
export type CallName = (typeof CALL_NAMES)[number]
