import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes, numberToHex, recoverPublicKey } from 'viem'
import { describe, expect, it } from 'vitest'
import { decodeDerSignature } from '../../../functions/breaker/kms/decodeDerSignature.js'
import { readDerElement, DER_SEQUENCE } from '../../../functions/breaker/kms/der.js'
import { DerError } from '../../../functions/breaker/kms/DerError.js'
import { WatchtowerError } from '../../../functions/errors/WatchtowerError.js'
import { SECP256K1_HALF_N, SECP256K1_N, toLowS } from '../../../functions/breaker/kms/secp256k1.js'

const N_MINUS_1 = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140'

function der(hex: string): Uint8Array {
  return hexToBytes(`0x${hex.replace(/\s+/g, '')}`)
}

function decodeError(hex: string): DerError {
  try {
    decodeDerSignature(der(hex))
  } catch (error) {
    expect(error).toBeInstanceOf(DerError)
    expect(error).toBeInstanceOf(WatchtowerError)
    return error as DerError
  }
  throw new Error(`decoded ${hex} without error`)
}

describe('decodeDerSignature', () => {
  it('decodes one-byte integers', () => {
    expect(decodeDerSignature(der('3006 020101 020102'))).toEqual({ r: 1n, s: 2n })
  })

  it('strips the leading zero that keeps a high-bit integer positive, and keeps a high s as signed', () => {
    // r = 0x80 00…00 (33 bytes with its sign pad), s = n − 1 (the highest s there is, also padded).
    const signature = decodeDerSignature(der(`3046 0221 0080${'00'.repeat(31)} 0221 00${N_MINUS_1}`))
    expect(signature.r).toBe(1n << 255n)
    expect(signature.s).toBe(SECP256K1_N - 1n)
    expect(signature.s > SECP256K1_HALF_N).toBe(true)
  })

  it('decodes integers shorter than 32 bytes (r or s below 2^248)', () => {
    // 0x00ff needs its zero byte (0xff alone would be negative); 0x7f fits in one.
    expect(decodeDerSignature(der('3007 02017f 020200ff'))).toEqual({ r: 0x7fn, s: 0xffn })
    const r31 = '2b'.repeat(31)
    expect(decodeDerSignature(der(`3024 021f${r31} 020101`)).r).toBe(BigInt(`0x${r31}`))
  })

  it('rejects what is not a DER ECDSA-Sig-Value', () => {
    expect(decodeError('').shortMessage).toBe('ECDSA signature: expected SEQUENCE, found the end of the data')
    expect(decodeError('0206 020101 020102').shortMessage).toBe('ECDSA signature: expected SEQUENCE, found tag 0x02')
    expect(decodeError('3006 020101 020102 00').shortMessage).toBe(
      'ECDSA signature: 1 unexpected byte(s) after the SEQUENCE',
    )
    expect(decodeError('3008 020101 020102').shortMessage).toMatch(/claims 8 bytes but only 6 remain/)
    expect(decodeError('3003 020101').shortMessage).toBe(
      'ECDSA signature s: expected INTEGER, found the end of the data',
    )
    expect(decodeError('3009 020101 020102 020103').shortMessage).toBe(
      'ECDSA signature: 3 unexpected byte(s) after s',
    )
    expect(decodeError('3006 040101 020102').shortMessage).toBe('ECDSA signature r: expected INTEGER, found tag 0x04')
    expect(decodeError('3080 020101 020102 0000').shortMessage).toMatch(/unsupported length encoding 0x80/)
  })

  it('rejects BER leniencies, negative integers and out-of-range scalars', () => {
    expect(decodeError('3006 020180 020102').shortMessage).toBe('ECDSA signature r: negative INTEGER')
    expect(decodeError('3007 0202007f 020102').shortMessage).toMatch(/redundant leading zero byte/)
    expect(decodeError('3005 0200 020102').shortMessage).toBe('ECDSA signature r: empty INTEGER')
    expect(decodeError('3006 020100 020102').shortMessage).toMatch(/^ECDSA signature r: not in \[1, n − 1\]/)
    const n = SECP256K1_N.toString(16)
    expect(decodeError(`3026 020101 0221 00${n}`).shortMessage).toMatch(/^ECDSA signature s: not in \[1, n − 1\]/)
    // A 0x81 long-form length under 128 is BER, not DER.
    expect(decodeError('308106 020101 020102').shortMessage).toMatch(/not minimally encoded/)
  })

  it('decodes OpenSSL signatures (node:crypto), high and low s, padded and short integers', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
    const jwk = publicKey.export({ format: 'jwk' })
    const uncompressed = bytesToHex(
      Buffer.concat([Buffer.of(4), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]),
    )
    let high = 0
    let padded = 0
    for (let i = 0; i < 64; i++) {
      const data = Buffer.from(`message ${i}`)
      const signature = nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'der' })
      const digest = createHash('sha256').update(data).digest()
      const { r, s } = decodeDerSignature(signature)
      if (s > SECP256K1_HALF_N) high++
      if (signature[3] === 33) padded++
      // OpenSSL does not normalise: the signature verifies as signed only when high s is allowed…
      const compact = new secp256k1.Signature(r, s).toBytes('compact')
      expect(secp256k1.verify(compact, digest, hexToBytes(uncompressed), { prehash: false, lowS: false })).toBe(true)
      // …and after toLowS under Ethereum's rule too, with one of the two parities recovering the key.
      const low = new secp256k1.Signature(r, toLowS(s)).toBytes('compact')
      expect(secp256k1.verify(low, digest, hexToBytes(uncompressed), { prehash: false })).toBe(true)
      expect(await recoverBothParities(bytesToHex(digest), r, toLowS(s))).toContain(uncompressed)
    }
    // 64 tries: both sides of n/2 and 33-byte integers turn up (each ~50% per signature).
    expect(high).toBeGreaterThan(0)
    expect(high).toBeLessThan(64)
    expect(padded).toBeGreaterThan(0)
  })
})

/** The public keys recovered with y parity 0 and 1 ('' where recovery fails). */
function recoverBothParities(hash: `0x${string}`, r: bigint, s: bigint): Promise<string[]> {
  const signature = { r: numberToHex(r, { size: 32 }), s: numberToHex(s, { size: 32 }) }
  return Promise.all(
    ([0, 1] as const).map((yParity) =>
      recoverPublicKey({ hash, signature: { ...signature, yParity } }).catch(() => ''),
    ),
  )
}

describe('toLowS', () => {
  it('maps s above n/2 to n − s and leaves the rest', () => {
    expect(toLowS(1n)).toBe(1n)
    expect(toLowS(SECP256K1_HALF_N)).toBe(SECP256K1_HALF_N)
    expect(toLowS(SECP256K1_HALF_N + 1n)).toBe(SECP256K1_HALF_N)
    expect(toLowS(SECP256K1_N - 1n)).toBe(1n)
  })
})

describe('readDerElement', () => {
  it('reads long-form lengths and rejects truncated ones', () => {
    const content = 'aa'.repeat(200)
    const element = readDerElement(der(`3081c8${content}`), 0, DER_SEQUENCE, 'test')
    expect(element.content.length).toBe(200)
    expect(element.end).toBe(203)
    const twoBytes = readDerElement(der(`30820100${'bb'.repeat(256)}`), 0, DER_SEQUENCE, 'test')
    expect(twoBytes.content.length).toBe(256)
    expect(() => readDerElement(der('3082'), 0, DER_SEQUENCE, 'test')).toThrow('test: the length is truncated')
    expect(() => readDerElement(der(`30820080${'bb'.repeat(128)}`), 0, DER_SEQUENCE, 'test')).toThrow(
      /not minimally encoded/,
    )
  })
})
