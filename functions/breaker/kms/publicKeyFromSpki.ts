import { bytesToHex, type Hex } from 'viem'
import {
  derObjectIdentifier,
  DER_BIT_STRING,
  DER_OBJECT_IDENTIFIER,
  DER_SEQUENCE,
  readDerElement,
  readWholeDerElement,
} from './der.js'
import { DerError } from './DerError.js'
import { isOnSecp256k1 } from './secp256k1.js'

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
export const OID_SECP256K1 = '1.3.132.0.10'

/** Names for OIDs a wrongly configured key would most likely carry, for error messages. */
const KNOWN_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.10045.3.1.7': 'prime256v1 (P-256)',
  '1.3.132.0.34': 'secp384r1 (P-384)',
  '1.3.132.0.35': 'secp521r1 (P-521)',
  '1.3.101.112': 'Ed25519',
}

/**
 * The uncompressed secp256k1 point (`0x04 ‖ x ‖ y`, 65 bytes) in a DER `SubjectPublicKeyInfo`, as KMS
 * `GetPublicKey` returns it:
 *
 *   SEQUENCE { SEQUENCE { OID ecPublicKey, OID secp256k1 }, BIT STRING 0x00 ‖ 0x04 ‖ x ‖ y }
 *
 * Anything else (another algorithm or curve, a compressed point, a point off the curve) is a DerError.
 */
export function publicKeyFromSpki(spki: Uint8Array): Hex {
  const what = 'public key'
  const info = readWholeDerElement(spki, DER_SEQUENCE, what)
  const algorithm = readDerElement(info.content, 0, DER_SEQUENCE, `${what} algorithm`)
  const key = readDerElement(info.content, algorithm.end, DER_BIT_STRING, `${what} bits`)
  if (key.end !== info.content.length) throw new DerError(`${what}: unexpected data after the key bits`)

  const type = readDerElement(algorithm.content, 0, DER_OBJECT_IDENTIFIER, `${what} algorithm`)
  const typeOid = derObjectIdentifier(type.content, `${what} algorithm`)
  if (typeOid !== OID_EC_PUBLIC_KEY)
    throw new DerError(`${what}: not an elliptic-curve key`, { details: `algorithm ${describeOid(typeOid)}` })
  if (type.end === algorithm.content.length) throw new DerError(`${what}: the curve is missing`)
  const curve = readDerElement(algorithm.content, type.end, DER_OBJECT_IDENTIFIER, `${what} curve`)
  if (curve.end !== algorithm.content.length) throw new DerError(`${what}: unexpected data after the curve`)
  const curveOid = derObjectIdentifier(curve.content, `${what} curve`)
  if (curveOid !== OID_SECP256K1)
    throw new DerError(`${what}: not a secp256k1 key`, { details: `curve ${describeOid(curveOid)}` })

  const [unusedBits, prefix] = key.content
  if (unusedBits !== 0) throw new DerError(`${what}: BIT STRING has ${unusedBits ?? 'no'} unused-bits byte`)
  const point = key.content.subarray(1)
  if (prefix === 0x02 || prefix === 0x03) throw new DerError(`${what}: compressed points are not supported`)
  if (prefix !== 0x04 || point.length !== 65)
    throw new DerError(`${what}: expected a 65-byte uncompressed point`, {
      details: `${point.length} bytes starting 0x${(prefix ?? 0).toString(16).padStart(2, '0')}`,
    })
  const x = BigInt(bytesToHex(point.subarray(1, 33)))
  const y = BigInt(bytesToHex(point.subarray(33)))
  if (!isOnSecp256k1(x, y)) throw new DerError(`${what}: the point is not on secp256k1`)
  return bytesToHex(point)
}

function describeOid(oid: string): string {
  const name = KNOWN_OIDS[oid]
  return name ? `${oid} = ${name}` : oid
}
