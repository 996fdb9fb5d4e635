import { DerError } from './DerError.js'

// The few ASN.1 DER pieces KMS answers with: SEQUENCE, INTEGER, BIT STRING and OBJECT IDENTIFIER.

export const DER_INTEGER = 0x02
export const DER_BIT_STRING = 0x03
export const DER_OBJECT_IDENTIFIER = 0x06
export const DER_SEQUENCE = 0x30

const TAG_NAMES: Record<number, string> = {
  [DER_INTEGER]: 'INTEGER',
  [DER_BIT_STRING]: 'BIT STRING',
  [DER_OBJECT_IDENTIFIER]: 'OBJECT IDENTIFIER',
  [DER_SEQUENCE]: 'SEQUENCE',
}

export interface DerElement {
  readonly tag: number
  readonly content: Uint8Array
  /** Offset just past this element in the buffer it was read from. */
  readonly end: number
}

/** Reads one tag-length-value element at `offset`, which must carry `tag`. `what` names it in errors. */
export function readDerElement(bytes: Uint8Array, offset: number, tag: number, what: string): DerElement {
  const actual = bytes[offset]
  if (actual === undefined) throw new DerError(`${what}: expected ${tagName(tag)}, found the end of the data`)
  if (actual !== tag) throw new DerError(`${what}: expected ${tagName(tag)}, found tag 0x${hexByte(actual)}`)
  const first = bytes[offset + 1]
  if (first === undefined) throw new DerError(`${what}: the length is missing`)
  let length = first
  let start = offset + 2
  if (first & 0x80) {
    // Long form: the low bits count the length bytes that follow. 0x80 alone is BER's indefinite length.
    const count = first & 0x7f
    if (count === 0 || count > 2) throw new DerError(`${what}: unsupported length encoding 0x${hexByte(first)}`)
    if (start + count > bytes.length) throw new DerError(`${what}: the length is truncated`)
    length = 0
    for (let i = 0; i < count; i++) length = (length << 8) | (bytes[start + i] as number)
    if (length < 0x80 || (count === 2 && length < 0x100))
      throw new DerError(`${what}: length ${length} is not minimally encoded (BER, not DER)`)
    start += count
  }
  const end = start + length
  if (end > bytes.length)
    throw new DerError(`${what}: ${tagName(tag)} claims ${length} bytes but only ${bytes.length - start} remain`)
  return { tag, content: bytes.subarray(start, end), end }
}

/** Reads the element that must span all of `bytes`, with nothing after it. */
export function readWholeDerElement(bytes: Uint8Array, tag: number, what: string): DerElement {
  const element = readDerElement(bytes, 0, tag, what)
  if (element.end !== bytes.length)
    throw new DerError(`${what}: ${bytes.length - element.end} unexpected byte(s) after the ${tagName(tag)}`)
  return element
}

/** A non-negative INTEGER's value. DER integers are two's complement and minimal. */
export function derUnsignedInteger(content: Uint8Array, what: string): bigint {
  const first = content[0]
  if (first === undefined) throw new DerError(`${what}: empty INTEGER`)
  if (first & 0x80) throw new DerError(`${what}: negative INTEGER`)
  const second = content[1]
  // A leading 0x00 is only allowed to keep the next byte's high bit from reading as a sign.
  if (first === 0 && second !== undefined && !(second & 0x80))
    throw new DerError(`${what}: INTEGER has a redundant leading zero byte (BER, not DER)`)
  let value = 0n
  for (const byte of content) value = (value << 8n) | BigInt(byte)
  return value
}

/** An OBJECT IDENTIFIER's dotted form, e.g. `1.3.132.0.10`. */
export function derObjectIdentifier(content: Uint8Array, what: string): string {
  if (content.length === 0) throw new DerError(`${what}: empty OBJECT IDENTIFIER`)
  const arcs: bigint[] = []
  let value = 0n
  let pending = false
  for (const byte of content) {
    if (!pending && byte === 0x80) throw new DerError(`${what}: OBJECT IDENTIFIER arc has a redundant leading byte`)
    value = (value << 7n) | BigInt(byte & 0x7f)
    pending = (byte & 0x80) !== 0
    if (!pending) {
      arcs.push(value)
      value = 0n
    }
  }
  if (pending) throw new DerError(`${what}: OBJECT IDENTIFIER is truncated`)
  const [head, ...rest] = arcs as [bigint, ...bigint[]]
  const first = head < 40n ? 0n : head < 80n ? 1n : 2n
  return [first, head - first * 40n, ...rest].join('.')
}

function tagName(tag: number): string {
  return TAG_NAMES[tag] ?? `tag 0x${hexByte(tag)}`
}

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0')
}
