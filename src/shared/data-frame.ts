// Output events are most of the traffic: on the WebSocket they travel as binary frames,
// so the data is neither escaped by the host nor unescaped by the page. A frame is
// [header length: u32 big-endian][header: JSON of the name and every payload field but
// data][data: UTF-8]. The header carries whatever else the payload has, unchanged.
// The host encodes with Node's Buffer (transport/data-frame-encoder.ts); no zod here: the
// page's socket worker imports this file and should stay small.

/** An event whose payload carries its bulk as a string `data` (pane.data). */
export interface DataEvent {
  name: string
  payload: { data: string } & Record<string, unknown>
}

/** The header's length, before it: a u32, big-endian. */
export const HEADER_LENGTH_BYTES = 4
const decoder = new TextDecoder()

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
