import { HEADER_LENGTH_BYTES, type DataEvent } from '../../shared/data-frame'

/**
 * The host's side of shared/data-frame.ts. One Buffer per frame, written in place:
 * output is the host's busiest allocation during a flood, and separate header, body and
 * frame arrays would triple the memory it churns through.
 */
export function encodeDataEvent({ name, payload }: DataEvent): Buffer {
  const { data, ...fields } = payload
  const header = JSON.stringify({ name, fields })
  const headerBytes = Buffer.byteLength(header)
  const frame = Buffer.allocUnsafe(HEADER_LENGTH_BYTES + headerBytes + Buffer.byteLength(data))
  frame.writeUInt32BE(headerBytes, 0)
  frame.write(header, HEADER_LENGTH_BYTES)
  frame.write(data, HEADER_LENGTH_BYTES + headerBytes)
  return frame
}
