// The contract's call names without zod, so the sandboxed preload stays small.
// bridge.ts checks that its schemas cover exactly these names.
export const CALL_NAMES = [
  'app.info',
  'pane.list',
  'pane.create',
  'pane.attach',
  'pane.write',
  'pane.resize',
  'pane.close'
] as const
export type CallName = (typeof CALL_NAMES)[number]
