// Output events are most of the traffic: on the WebSocket they travel as binary frames,
// so the data is neither escaped by the host nor unescaped by the page. A frame is
// [header length: u32 big-endian][header: JSON of the name and every payload field but
// data][data: UTF-8]. The header carries whatever else the payload has, unchanged.
// No zod here: the page's socket worker imports this file and should stay small.

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
