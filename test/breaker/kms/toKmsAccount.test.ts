import { generateKeyPairSync } from 'node:crypto'
import {
  hashTypedData,
  keccak256,
  parseTransaction,
  recoverAddress,
  recoverTransactionAddress,
  serializeTransaction,
  toHex,
  verifyMessage,
  verifyTypedData,
  type Hex,
  type TransactionSerializable,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { WatchtowerError } from '../../../functions/errors/WatchtowerError.js'
import { DerError } from '../../../functions/breaker/kms/DerError.js'
import {
  KmsRequestError,
  KmsResponseError,
  KmsSignerError,
  KmsUnsupportedKeyError,
} from '../../../functions/breaker/kms/KmsSignerError.js'
import { SECP256K1_HALF_N } from '../../../functions/breaker/kms/secp256k1.js'
import { toKmsAccount } from '../../../functions/breaker/kms/toKmsAccount.js'
import { startFakeKms, type FakeKms, type FakeKmsOptions } from '../../fakes/kms/startFakeKms.js'
import { rejection } from './kmsErrors.js'

const ALIAS = 'alias/watchtower-breaker'

const typedData = {
  domain: {
    name: 'Watchtower',
    version: '1',
    chainId: 10,
    verifyingContract: '0x4200000000000000000000000000000000000016',
  },
  types: {
    Pause: [
      { name: 'chain', type: 'string' },
      { name: 'reason', type: 'string' },
      { name: 'at', type: 'uint256' },
    ],
  },
  primaryType: 'Pause',
  message: { chain: 'op-mainnet', reason: 'state root not finalized', at: 1_700_000_000n },
} as const

const eip1559: TransactionSerializable = {
  type: 'eip1559',
  chainId: 10,
  nonce: 7,
  to: '0x000000000000000000000000000000000000dEaD',
  value: 123n,
  gas: 21_000n,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000n,
}

describe('toKmsAccount against a fake KMS', () => {
  let fake: FakeKms | undefined
  afterEach(async () => {
    await fake?.stop()
    fake = undefined
  })

  async function start(options: FakeKmsOptions = {}): Promise<FakeKms> {
    fake = await startFakeKms({ aliases: [ALIAS], ...options })
    return fake
  }

  it("derives the key's Ethereum address with one GetPublicKey, signed SigV4 for kms in us-east-1", async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })

    expect(account.address).toBe(kms.address)
    expect(account.publicKey).toBe(privateKeyToAccount(kms.privateKey).publicKey)
    expect(account.type).toBe('local')
    expect(account.source).toBe('kms')
    expect(account.keyId).toBe(ALIAS)
    expect(account.keyArn).toBe(kms.keyArn)
    expect(kms.requests).toEqual([
      {
        operation: 'GetPublicKey',
        contentType: 'application/x-amz-json-1.1',
        body: { KeyId: ALIAS },
        credential: { accessKeyId: expect.any(String), region: 'us-east-1', service: 'kms' },
      },
    ])
  })

  it('accepts the key by id and ARN too', async () => {
    const kms = await start()
    for (const keyId of [kms.keyId, kms.keyArn])
      expect((await toKmsAccount(kms.client(), { keyId })).address).toBe(kms.address)
  })

  it('signs messages that verifyMessage accepts, asking KMS for a DIGEST signature by key ARN', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })

    for (const message of ['pause op-mainnet', { raw: '0xdeadbeef' as Hex }]) {
      const signature = await account.signMessage({ message })
      expect(await verifyMessage({ address: kms.address, message, signature })).toBe(true)
    }
    const signs = kms.requests.filter((r) => r.operation === 'Sign')
    expect(signs).toHaveLength(2)
    expect(signs[0]?.body).toEqual({
      KeyId: kms.keyArn,
      Message: expect.any(String),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    })
  })

  it('normalises every high-s KMS signature to low s', async () => {
    const kms = await start({ highS: 'always' })
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const signatures = await Promise.all(
      Array.from({ length: 8 }, (_, i) => account.signMessage({ message: `message ${i}` })),
    )
    for (const [i, signature] of signatures.entries()) {
      expect(BigInt(`0x${signature.slice(66, 130)}`) <= SECP256K1_HALF_N).toBe(true)
      expect(await verifyMessage({ address: kms.address, message: `message ${i}`, signature })).toBe(true)
    }
    expect(kms.requests.filter((r) => r.operation === 'Sign').every((r) => r.highS === true)).toBe(true)
  })

  it('finds the right y parity for both parities, with s as KMS randomly returns it', async () => {
    const kms = await start({ highS: 'random' })
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const parities = new Set<string>()
    for (let i = 0; i < 24; i++) {
      const hash = keccak256(toHex(`hash ${i}`))
      const signature = await account.sign({ hash })
      parities.add(signature.slice(-2))
      expect(await recoverAddress({ hash, signature })).toBe(kms.address)
    }
    expect(parities).toEqual(new Set(['1b', '1c']))
    const highS = kms.requests.map((r) => r.highS).filter((h) => h !== undefined)
    expect(highS).toContain(true)
    expect(highS).toContain(false)
  })

  it('equals viem’s own private-key account byte for byte when KMS nonces are deterministic', async () => {
    const kms = await start({ highS: 'always', deterministic: true })
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const local = privateKeyToAccount(kms.privateKey)
    const hash = keccak256(toHex('breaker'))

    expect(await account.sign({ hash })).toBe(await local.sign({ hash }))
    expect(await account.signMessage({ message: 'pause' })).toBe(await local.signMessage({ message: 'pause' }))
    expect(await account.signTypedData(typedData)).toBe(await local.signTypedData(typedData))
    expect(await account.signTransaction(eip1559)).toBe(await local.signTransaction(eip1559))
    const legacy: TransactionSerializable = {
      type: 'legacy',
      chainId: 10,
      nonce: 1,
      to: eip1559.to,
      gas: 21_000n,
      gasPrice: 1n,
    }
    expect(await account.signTransaction(legacy)).toBe(await local.signTransaction(legacy))
  })

  it('signs typed data that verifyTypedData accepts', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const signature = await account.signTypedData(typedData)
    expect(await verifyTypedData({ address: kms.address, signature, ...typedData })).toBe(true)
    expect(kms.requests.at(-1)?.message).toBe(hashTypedData(typedData))
  })

  it('signs the keccak of the unsigned serialization and returns the signed serialization', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const signed = await account.signTransaction(eip1559)

    expect(kms.requests.at(-1)?.message).toBe(keccak256(serializeTransaction(eip1559)))
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(kms.address)
    const parsed = parseTransaction(signed)
    expect(parsed).toMatchObject({ ...eip1559, to: eip1559.to?.toLowerCase(), yParity: expect.any(Number) })
    expect(BigInt(parsed.s ?? '0x0') <= SECP256K1_HALF_N).toBe(true)
  })

  it('rejects a key that is not ECC_SECG_P256K1 with KmsUnsupportedKeyError', async () => {
    const kms = await start({ keySpec: 'ECC_NIST_P256' })
    const error = await rejection(toKmsAccount(kms.client(), { keyId: ALIAS }), KmsUnsupportedKeyError)
    expect(error).toBeInstanceOf(WatchtowerError)
    expect(error.shortMessage).toBe(`KMS key ${ALIAS} is ECC_NIST_P256, not ECC_SECG_P256K1`)
    expect(error.details).toMatch(/KeySpec ECC_SECG_P256K1 and KeyUsage SIGN_VERIFY/)
    expect(error.keySpec).toBe('ECC_NIST_P256')
    expect(error.keyUsage).toBe('SIGN_VERIFY')
    expect(error.keyId).toBe(ALIAS)
    expect(kms.requests.map((r) => r.operation)).toEqual(['GetPublicKey'])
  })

  it('rejects a secp256k1 key that is not for signing', async () => {
    const kms = await start({ getPublicKeyOverrides: { KeyUsage: 'KEY_AGREEMENT', SigningAlgorithms: undefined } })
    const error = await rejection(toKmsAccount(kms.client(), { keyId: ALIAS }), KmsUnsupportedKeyError)
    expect(error.shortMessage).toBe(`KMS key ${ALIAS} has KeyUsage KEY_AGREEMENT, not SIGN_VERIFY`)
  })

  it('rejects a public key that contradicts the key spec with KmsResponseError', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const p256 = publicKey.export({ format: 'der', type: 'spki' })
    const kms = await start({ getPublicKeyOverrides: { PublicKey: p256.toString('base64') } })
    const error = await rejection(toKmsAccount(kms.client(), { keyId: ALIAS }), KmsResponseError)
    expect(error.shortMessage).toBe(`KMS returned an unusable public key for ${ALIAS}`)
    expect(error.operation).toBe('GetPublicKey')
    expect(error.cause).toBeInstanceOf(DerError)
    expect(error.details).toBe('public key: not a secp256k1 key: curve 1.2.840.10045.3.1.7 = prime256v1 (P-256)')
  })

  it('turns AccessDenied on GetPublicKey into a KmsRequestError naming the missing permission', async () => {
    const kms = await start()
    kms.denyAccess()
    const error = await rejection(toKmsAccount(kms.client(), { keyId: ALIAS }), KmsRequestError)
    expect(error.shortMessage).toBe(`KMS denied kms:GetPublicKey on key ${ALIAS}`)
    expect(error.code).toBe('AccessDeniedException')
    expect(error.status).toBe(400)
    expect(error.operation).toBe('GetPublicKey')
    expect(error.details).toMatch(/must allow kms:GetPublicKey and kms:Sign/)
    expect(error.details).toMatch(/is not authorized to perform: kms:GetPublicKey/)
  })

  it('turns AccessDenied on Sign into a KmsRequestError when signing', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    kms.denyAccess(['Sign'])
    const error = await rejection(account.signMessage({ message: 'pause' }), KmsRequestError)
    expect(error.shortMessage).toBe(`KMS denied kms:Sign on key ${ALIAS}`)
    expect(error.operation).toBe('Sign')
    expect(error.code).toBe('AccessDeniedException')

    kms.allowAccess()
    expect(await account.signMessage({ message: 'pause' })).toMatch(/^0x[0-9a-f]{130}$/)
  })

  it('reports an unknown key as NotFoundException', async () => {
    const kms = await start()
    const error = await rejection(toKmsAccount(kms.client(), { keyId: 'alias/nope' }), KmsRequestError)
    expect(error.shortMessage).toBe('KMS key alias/nope not found')
    expect(error.code).toBe('NotFoundException')
    expect(error.details).toMatch(/region/)
  })

  it('reports a KMS internal error with its status', async () => {
    const kms = await start()
    kms.failNext(1, { status: 500 })
    const error = await rejection(toKmsAccount(kms.client(), { keyId: ALIAS }), KmsRequestError)
    expect(error.shortMessage).toBe(`KMS GetPublicKey for key ${ALIAS} failed: KMSInternalException`)
    expect(error.status).toBe(500)
  })

  it('reports an unreachable endpoint without an AWS error code', async () => {
    const kms = await start()
    const client = kms.client()
    await kms.stop()
    fake = undefined
    const error = await rejection(toKmsAccount(client, { keyId: ALIAS }), KmsRequestError)
    expect(error.shortMessage).toMatch(new RegExp(`^KMS GetPublicKey for key ${ALIAS} failed: .*ECONNREFUSED`))
    expect(error.code).toBeUndefined()
  })

  it('rejects a signature that does not recover to the key (KMS signed with another key)', async () => {
    const kms = await start({ signWithPrivateKey: generatePrivateKey() })
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const error = await rejection(account.signMessage({ message: 'pause' }), KmsResponseError)
    expect(error.shortMessage).toBe(`KMS signature from key ${ALIAS} does not recover to ${kms.address}`)
    expect(error.operation).toBe('Sign')
  })

  it('rejects a malformed DER signature with KmsResponseError', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    // r and s present, then a stray byte: DER says no.
    const signature = Buffer.from('3007020101020102ff', 'hex').toString('base64')
    const body = { KeyId: kms.keyArn, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }
    kms.failNext(1, { status: 200, body })
    const error = await rejection(account.signMessage({ message: 'pause' }), KmsResponseError)
    expect(error.shortMessage).toBe(`KMS Sign for key ${ALIAS} returned a malformed signature`)
    expect(error.details).toBe('ECDSA signature: 1 unexpected byte(s) after s')
    expect(error.cause).toBeInstanceOf(DerError)
  })

  it('rejects a hash that is not 32 bytes before calling KMS', async () => {
    const kms = await start()
    const account = await toKmsAccount(kms.client(), { keyId: ALIAS })
    const error = await rejection(account.sign({ hash: '0x1234' }), KmsSignerError)
    expect(error.shortMessage).toBe('Can only sign a 32-byte hash, got 2 bytes')
    expect(kms.requests.map((r) => r.operation)).toEqual(['GetPublicKey'])
  })
})
