import { z } from 'zod'
import { BridgeErrorShape } from './bridge'

// Envelopes for transports that carry the bridge over a byte stream (WebSocket).
// Electron IPC needs none: it has named channels and its own request/response.

export const ClientMessage = z
  .object({ kind: z.literal('call'), id: z.number().int().nonnegative(), name: z.string(), input: z.unknown() })
  .strict()
export type ClientMessage = z.output<typeof ClientMessage>

export const ServerMessage = z.union([
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    kind: z.literal('result'),
    id: z.number().int().nullable(),
    ok: z.literal(false),
    error: BridgeErrorShape
  }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() })
])
export type ServerMessage = z.output<typeof ServerMessage>
