import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms'
import {
  hashMessage,
  hashTypedData,
  hexToBytes,
  keccak256,
  numberToHex,
  recoverPublicKey,
  serializeSignature,
  serializeTransaction,
  size,
  type Hash,
  type Hex,
  type LocalAccount,
  type Signature,
  type TransactionSerializable,
} from 'viem'
import { publicKeyToAddress, toAccount } from 'viem/accounts'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { decodeDerSignature } from './decodeDerSignature.js'
import {
  KmsRequestError,
  KmsResponseError,
  KmsSignerError,
  KmsUnsupportedKeyError,
  type KmsOperation,
} from './KmsSignerError.js'
import { publicKeyFromSpki } from './publicKeyFromSpki.js'
import { toLowS } from './secp256k1.js'

export const KMS_KEY_SPEC = 'ECC_SECG_P256K1'
export const KMS_SIGNING_ALGORITHM = 'ECDSA_SHA_256'

export interface ToKmsAccountParameters {
  /** Key id, key ARN, alias (`alias/name`) or alias ARN of an ECC_SECG_P256K1 SIGN_VERIFY key. */
  readonly keyId: string
}

/** A viem local account whose private key never leaves AWS KMS. */
export type KmsAccount = LocalAccount<'kms'> & {
  /** The key as configured. */
  readonly keyId: string
  /** The key's ARN as GetPublicKey reported it; Sign uses it so an alias re-pointed later cannot switch keys. */
  readonly keyArn: string
  sign: NonNullable<LocalAccount['sign']>
}

/**
 * A viem account backed by an AWS KMS secp256k1 key: one `GetPublicKey` now for the address, one `Sign`
 * (over a digest) per signature. Needs `kms:GetPublicKey` and `kms:Sign` on the key.
 *
 * KMS returns plain ECDSA: DER-encoded, s possibly high and no recovery id. Each signature is brought to
 * Ethereum's form: low s (EIP-2), and the y parity that recovers this key's public key.
 *
 * Rejects with `KmsRequestError` (denied, not found, …) or `KmsUnsupportedKeyError` (not a secp256k1
 * signing key); signing rejects with `KmsRequestError` or `KmsResponseError`.
 */
export async function toKmsAccount(client: KMSClient, { keyId }: ToKmsAccountParameters): Promise<KmsAccount> {
  const { publicKey, keyArn } = await getPublicKey(client, keyId)
  const address = publicKeyToAddress(publicKey)

  async function signHash(hash: Hash): Promise<Signature> {
    if (size(hash) !== 32) throw new KmsSignerError(keyId, `Can only sign a 32-byte hash, got ${size(hash)} bytes`)
    const { Signature: der } = await send(keyId, 'Sign', () =>
      client.send(
        new SignCommand({
          KeyId: keyArn,
          Message: hexToBytes(hash),
          MessageType: 'DIGEST',
          SigningAlgorithm: KMS_SIGNING_ALGORITHM,
        }),
      ),
    )
    if (!der) throw new KmsResponseError(keyId, 'Sign', `KMS Sign for key ${keyId} returned no signature`)

    let decoded
    try {
      decoded = decodeDerSignature(der)
    } catch (error) {
      throw new KmsResponseError(keyId, 'Sign', `KMS Sign for key ${keyId} returned a malformed signature`, {
        details: describeDerError(error),
        cause: error,
      })
    }
    const r = numberToHex(decoded.r, { size: 32 })
    const s = numberToHex(toLowS(decoded.s), { size: 32 })
    // The public key has two candidate y parities; only the one recovering this key's public key is valid.
    for (const yParity of [0, 1] as const) {
      const signature = { r, s, v: yParity === 1 ? 28n : 27n, yParity }
      const recovered = await recoverPublicKey({ hash, signature }).catch(() => undefined)
      if (recovered?.toLowerCase() === publicKey.toLowerCase()) return signature
    }
    throw new KmsResponseError(keyId, 'Sign', `KMS signature from key ${keyId} does not recover to ${address}`, {
      details: `KMS signed with a different key than ${keyArn} reported, or over a different digest than ${hash}`,
    })
  }

  const account = toAccount({
    address,
    async sign({ hash }) {
      return serializeSignature(await signHash(hash))
    },
    async signMessage({ message }) {
      return serializeSignature(await signHash(hashMessage(message)))
    },
    async signTransaction(transaction, { serializer = serializeTransaction } = {}) {
      // As viem's own signer: an EIP-4844 signature covers the payload body without the blob sidecars.
      const signable: TransactionSerializable =
        transaction.type === 'eip4844' ? { ...transaction, sidecars: false } : transaction
      const signature = await signHash(keccak256(await serializer(signable)))
      return serializer(transaction, signature)
    },
    async signTypedData(typedData) {
      return serializeSignature(await signHash(hashTypedData(typedData)))
    },
  })

  return { ...account, sign: account.sign as KmsAccount['sign'], publicKey, keyId, keyArn, source: 'kms' }
}

async function getPublicKey(client: KMSClient, keyId: string): Promise<{ publicKey: Hex; keyArn: string }> {
  const output = await send(keyId, 'GetPublicKey', () => client.send(new GetPublicKeyCommand({ KeyId: keyId })))
  const keySpec = output.KeySpec ?? output.CustomerMasterKeySpec
  const keyUsage = output.KeyUsage
  const fields = { ...(keySpec && { keySpec }), ...(keyUsage && { keyUsage }) }
  if (keySpec !== KMS_KEY_SPEC)
    throw new KmsUnsupportedKeyError(
      keyId,
      `KMS key ${keyId} is ${keySpec ?? 'of an unknown key spec'}, not ${KMS_KEY_SPEC}`,
      {
        ...fields,
        details: `Ethereum signing needs an asymmetric key with KeySpec ${KMS_KEY_SPEC} and KeyUsage SIGN_VERIFY`,
      },
    )
  if (keyUsage !== undefined && keyUsage !== 'SIGN_VERIFY')
    throw new KmsUnsupportedKeyError(keyId, `KMS key ${keyId} has KeyUsage ${keyUsage}, not SIGN_VERIFY`, fields)
  const algorithms = output.SigningAlgorithms
  if (algorithms !== undefined && !algorithms.includes(KMS_SIGNING_ALGORITHM))
    throw new KmsUnsupportedKeyError(keyId, `KMS key ${keyId} does not offer ${KMS_SIGNING_ALGORITHM}`, {
      ...fields,
      details: `signing algorithms: ${algorithms.join(', ') || 'none'}`,
    })
  if (!output.PublicKey) throw new KmsResponseError(keyId, 'GetPublicKey', `KMS returned no public key for ${keyId}`)
  let publicKey: Hex
  try {
    publicKey = publicKeyFromSpki(output.PublicKey)
  } catch (error) {
    throw new KmsResponseError(keyId, 'GetPublicKey', `KMS returned an unusable public key for ${keyId}`, {
      details: describeDerError(error),
      cause: error,
    })
  }
  return { publicKey, keyArn: output.KeyId ?? keyId }
}

function describeDerError(error: unknown): string {
  if (error instanceof WatchtowerError)
    return error.details ? `${error.shortMessage}: ${error.details}` : error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

/** Runs one KMS call, turning its failure into a KmsRequestError that says what to fix. */
async function send<T>(keyId: string, operation: KmsOperation, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toRequestError(keyId, operation, error)
  }
}

interface AwsErrorShape {
  name?: unknown
  message?: unknown
  $fault?: unknown
  $metadata?: { httpStatusCode?: number }
}

function toRequestError(keyId: string, operation: KmsOperation, error: unknown): KmsRequestError {
  const aws = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape
  const message = typeof aws.message === 'string' ? aws.message : String(error)
  // Service errors carry $fault; network failures (ECONNREFUSED, timeouts) are plain errors.
  if (aws.$fault === undefined || typeof aws.name !== 'string') {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return new KmsRequestError(keyId, operation, `KMS ${operation} for key ${keyId} failed: ${message}${cause}`, {
      cause: error,
    })
  }
  const code = aws.name
  const status = aws.$metadata?.httpStatusCode
  const options = { code, ...(status !== undefined && { status }), details: `${code}: ${message}`, cause: error }
  switch (code) {
    case 'AccessDeniedException':
      return new KmsRequestError(keyId, operation, `KMS denied kms:${operation} on key ${keyId}`, {
        ...options,
        details: `the caller's IAM policy and the key policy must allow kms:GetPublicKey and kms:Sign. ${
          options.details
        }`,
      })
    case 'NotFoundException':
      return new KmsRequestError(keyId, operation, `KMS key ${keyId} not found`, {
        ...options,
        details: `check the key id or alias and the client's region. ${options.details}`,
      })
    case 'DisabledException':
      return new KmsRequestError(keyId, operation, `KMS key ${keyId} is disabled`, options)
    case 'KMSInvalidStateException':
      return new KmsRequestError(keyId, operation, `KMS key ${keyId} is not usable in its current state`, options)
    case 'InvalidKeyUsageException':
      return new KmsRequestError(keyId, operation, `KMS key ${keyId} cannot be used for kms:${operation}`, options)
    default:
      return new KmsRequestError(keyId, operation, `KMS ${operation} for key ${keyId} failed: ${code}`, options)
  }
}
