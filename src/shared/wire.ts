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

// Output events are most of the traffic: they travel as binary frames instead of JSON,
// so the data is neither escaped by the host nor unescaped by the page. A frame is
// [header length: u32 big-endian][header: JSON of the name and every payload field but
// data][data: UTF-8]. The header carries whatever else the payload has, unchanged.

/** An event whose payload carries its bulk as a string `data` (pane.data). */
export interface DataEvent {
  name: string
  payload: { data: string } & Record<string, unknown>
}

const HEADER_LENGTH_BYTES = 4
const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function encodeDataEvent({ name, payload }: DataEvent): Uint8Array {
  const { data, ...fields } = payload
  const header = encoder.encode(JSON.stringify({ name, fields }))
  const body = encoder.encode(data)
  const frame = new Uint8Array(HEADER_LENGTH_BYTES + header.length + body.length)
  new DataView(frame.buffer).setUint32(0, header.length)
  frame.set(header, HEADER_LENGTH_BYTES)
  frame.set(body, HEADER_LENGTH_BYTES + header.length)
  return frame
}

export function decodeDataEvent(frame: Uint8Array): DataEvent {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const headerEnd = HEADER_LENGTH_BYTES + view.getUint32(0)
  if (headerEnd > frame.byteLength) throw new Error('Binary frame shorter than its header')
  const header = JSON.parse(decoder.decode(frame.subarray(HEADER_LENGTH_BYTES, headerEnd))) as {
    name: string
    fields: Record<string, unknown>
  }
  return { name: header.name, payload: { ...header.fields, data: decoder.decode(frame.subarray(headerEnd)) } }
}

/** True for an event sent as a binary frame. */
export function isDataEvent(name: string, payload: unknown): payload is DataEvent['payload'] {
  return name === 'pane.data' && typeof (payload as { data?: unknown } | null)?.data === 'string'
}
