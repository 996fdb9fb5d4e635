import { derUnsignedInteger, DER_INTEGER, DER_SEQUENCE, readDerElement, readWholeDerElement } from './der.js'
import { DerError } from './DerError.js'
import { SECP256K1_N } from './secp256k1.js'

export interface EcdsaSignature {
  readonly r: bigint
  readonly s: bigint
}

/**
 * r and s of a DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`), as KMS `Sign` returns it.
 *
 * s is returned as signed, which may be the high one: see `toLowS`. Rejects BER leniencies (redundant
 * zero bytes, long-form short lengths), trailing bytes, and r or s outside [1, n − 1] for secp256k1.
 */
export function decodeDerSignature(der: Uint8Array): EcdsaSignature {
  const what = 'ECDSA signature'
  const sequence = readWholeDerElement(der, DER_SEQUENCE, what)
  const r = readDerElement(sequence.content, 0, DER_INTEGER, `${what} r`)
  const s = readDerElement(sequence.content, r.end, DER_INTEGER, `${what} s`)
  if (s.end !== sequence.content.length)
    throw new DerError(`${what}: ${sequence.content.length - s.end} unexpected byte(s) after s`)
  return { r: scalar(r.content, `${what} r`), s: scalar(s.content, `${what} s`) }
}

function scalar(content: Uint8Array, what: string): bigint {
  const value = derUnsignedInteger(content, what)
  if (value === 0n || value >= SECP256K1_N) throw new DerError(`${what}: not in [1, n − 1] for secp256k1`)
  return value
}
