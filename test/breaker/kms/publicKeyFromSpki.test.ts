import { generateKeyPairSync } from 'node:crypto'
import { bytesToHex, hexToBytes, type Hex } from 'viem'
import { privateKeyToAddress, publicKeyToAddress } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { DerError } from '../../../functions/breaker/kms/DerError.js'
import { publicKeyFromSpki } from '../../../functions/breaker/kms/publicKeyFromSpki.js'

/** A key pair from OpenSSL (node:crypto): its DER SPKI, the point from its JWK, and its secret. */
function opensslKey(namedCurve: string): { spki: Uint8Array; point: Hex; secret: Hex } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve })
  const jwk = privateKey.export({ format: 'jwk' })
  const coordinate = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64url').toString('hex')
  return {
    spki: publicKey.export({ format: 'der', type: 'spki' }),
    point: `0x04${coordinate(jwk.x)}${coordinate(jwk.y)}`,
    secret: `0x${coordinate(jwk.d)}`,
  }
}

function spkiError(spki: Uint8Array | string): DerError {
  try {
    publicKeyFromSpki(typeof spki === 'string' ? hexToBytes(`0x${spki.replace(/\s+/g, '')}`) : spki)
  } catch (error) {
    expect(error).toBeInstanceOf(DerError)
    return error as DerError
  }
  throw new Error('parsed without error')
}

const SECP256K1_PREFIX = '3056 3010 0607 2a8648ce3d0201 0605 2b8104000a 0342 00'

describe('publicKeyFromSpki', () => {
  it("returns OpenSSL's secp256k1 point, whose address is the secret's address", () => {
    for (let i = 0; i < 8; i++) {
      const { spki, point, secret } = opensslKey('secp256k1')
      expect(spki.length).toBe(88)
      const publicKey = publicKeyFromSpki(spki)
      expect(publicKey).toBe(point)
      expect(publicKeyToAddress(publicKey)).toBe(privateKeyToAddress(secret))
    }
  })

  it('names the curve of a P-256 key (the usual wrong KMS key spec)', () => {
    const error = spkiError(opensslKey('prime256v1').spki)
    expect(error.shortMessage).toBe('public key: not a secp256k1 key')
    expect(error.details).toBe('curve 1.2.840.10045.3.1.7 = prime256v1 (P-256)')
  })

  it('names the algorithm of an RSA or Ed25519 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' })
    expect(spkiError(rsa).details).toBe('algorithm 1.2.840.113549.1.1.1 = rsaEncryption')
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' })
    expect(spkiError(ed).shortMessage).toBe('public key: not an elliptic-curve key')
    expect(spkiError(ed).details).toBe('algorithm 1.3.101.112 = Ed25519')
  })

  it('rejects compressed, truncated, off-curve and trailing data', () => {
    const { spki } = opensslKey('secp256k1')
    const point = bytesToHex(spki.subarray(23)).slice(2)
    const x = point.slice(2, 66)
    const y = point.slice(66)
    const yOdd = Number.parseInt(y.slice(-1), 16) % 2 === 1
    const compressed = `3036 3010 0607 2a8648ce3d0201 0605 2b8104000a 0322 00 ${yOdd ? '03' : '02'}${x}`
    expect(spkiError(compressed).shortMessage).toBe('public key: compressed points are not supported')
    expect(spkiError(`${SECP256K1_PREFIX} 05${x}${y}`).shortMessage).toBe(
      'public key: expected a 65-byte uncompressed point',
    )
    const offCurve = `${SECP256K1_PREFIX} 04${x}${(BigInt(`0x${y}`) ^ 1n).toString(16).padStart(64, '0')}`
    expect(spkiError(offCurve).shortMessage).toBe('public key: the point is not on secp256k1')
    expect(spkiError(`${bytesToHex(spki).slice(2)}00`).shortMessage).toMatch(/unexpected byte\(s\) after the SEQUENCE/)
    expect(spkiError(bytesToHex(spki.subarray(0, 60)).slice(2)).shortMessage).toMatch(/claims 86 bytes/)
    expect(spkiError(`3056 3010 0607 2a8648ce3d0201 0605 2b8104000a 0342 01 04${x}${y}`).shortMessage).toBe(
      'public key: BIT STRING has 1 unused-bits byte',
    )
  })
})
