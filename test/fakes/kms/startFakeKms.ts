import { createHash, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms'
import { p256 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes, type Address, type Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { FailureQueue, sendFailure, sendJson, startLoopbackServer, type FailureMode } from '../loopback.js'

export type FakeKmsOperation = 'GetPublicKey' | 'Sign'
export type FakeKmsKeySpec = 'ECC_SECG_P256K1' | 'ECC_NIST_P256'

export interface FakeKmsRequest {
  /** The operation from `X-Amz-Target: TrentService.<operation>`, whatever it was. */
  readonly operation: string
  readonly contentType: string | undefined
  /** The parsed JSON body as the client sent it (blobs still base64). */
  readonly body: Record<string, any>
  /** From the SigV4 `Authorization` header's credential scope; undefined when the request was unsigned. */
  readonly credential?: { readonly accessKeyId: string; readonly region: string; readonly service: string }
  /** Sign only: the decoded `Message`. */
  readonly message?: Hex
  /** Sign only, when it succeeded: whether the returned s was above n/2. */
  readonly highS?: boolean
}

export interface FakeKmsOptions {
  /** The key's secret (32 bytes hex); generated when omitted. */
  readonly privateKey?: Hex
  /** Key id (a UUID in real KMS); generated when omitted. */
  readonly keyId?: string
  /** Aliases that also name the key, e.g. `alias/watchtower-breaker`. */
  readonly aliases?: readonly string[]
  readonly region?: string
  readonly accountId?: string
  /** Default ECC_SECG_P256K1. ECC_NIST_P256 makes a real P-256 key, as a wrongly created key would be. */
  readonly keySpec?: FakeKmsKeySpec
  /** Default SIGN_VERIFY. */
  readonly keyUsage?: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT'
  /**
   * Which s KMS returns: `random` (default) like real KMS, which does not normalise, so about half its
   * signatures are high-s; `always` and `never` force one side.
   */
  readonly highS?: 'random' | 'always' | 'never'
  /**
   * RFC 6979 nonces without extra entropy (real KMS randomises k). Then a signature, once brought to low s,
   * equals viem's `privateKeyToAccount` one byte for byte.
   */
  readonly deterministic?: boolean
  /** Sign with this secp256k1 secret instead of the key's own: a KMS that signs with the wrong key. */
  readonly signWithPrivateKey?: Hex
  /** Fields merged over the GetPublicKey answer, e.g. `{ KeySpec: 'RSA_2048' }` or a bad `PublicKey`. */
  readonly getPublicKeyOverrides?: Record<string, unknown>
}

export interface FakeKms {
  /** `http://127.0.0.1:PORT`, for `new KMSClient({ endpoint })`. */
  readonly endpoint: string
  readonly region: string
  readonly keyId: string
  readonly keyArn: string
  readonly keySpec: FakeKmsKeySpec
  readonly privateKey: Hex
  /** The Ethereum address of the key (meaningful for ECC_SECG_P256K1 only). */
  readonly address: Address
  /** Every request received, failed ones included, in order. */
  readonly requests: FakeKmsRequest[]
  /** Answer `operations` (default both) with 400 AccessDeniedException until `allowAccess()`. */
  denyAccess(operations?: readonly FakeKmsOperation[]): void
  allowAccess(): void
  /** Answer the next `count` requests with `mode`; default body by status: `KMSInternalException` for 5xx. */
  failNext(count: number, mode: FailureMode): void
  /** A real KMSClient pointed at this fake: its region, dummy credentials, and no retries unless overridden. */
  client(config?: KMSClientConfig): KMSClient
  stop(): Promise<void>
}

const CONTENT_TYPE = 'application/x-amz-json-1.1'
// Both supported curves are 256-bit: KMS offers exactly ECDSA_SHA_256 for them.
const SIGNING_ALGORITHM = 'ECDSA_SHA_256'
const FAKE_ACCESS_KEY_ID = 'AKIAFAKEKMS000000000'

// DER SubjectPublicKeyInfo up to the point:
// SEQUENCE { SEQUENCE { OID ecPublicKey, OID curve }, BIT STRING 0x00 ‖ (the 65-byte point follows)
const SPKI_PREFIX: Record<FakeKmsKeySpec, string> = {
  ECC_SECG_P256K1: '3056301006072a8648ce3d020106052b8104000a034200',
  ECC_NIST_P256: '3059301306072a8648ce3d020106082a8648ce3d030107034200',
}
const CURVES = { ECC_SECG_P256K1: secp256k1, ECC_NIST_P256: p256 }

/**
 * A loopback stand-in for AWS KMS's JSON API (`POST /`, `X-Amz-Target: TrentService.*`) holding ONE real
 * asymmetric key: GetPublicKey and Sign, with KMS's error shapes (`{ __type, message }`, HTTP 400).
 */
export async function startFakeKms(options: FakeKmsOptions = {}): Promise<FakeKms> {
  const keySpec = options.keySpec ?? 'ECC_SECG_P256K1'
  const curve = CURVES[keySpec]
  const privateKey = options.privateKey ?? bytesToHex(curve.utils.randomSecretKey())
  const publicKey = curve.getPublicKey(hexToBytes(privateKey), false)
  const signingKey = hexToBytes(options.signWithPrivateKey ?? privateKey)
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '111122223333'
  const keyId = options.keyId ?? randomUUID()
  const keyArn = `arn:aws:kms:${region}:${accountId}:key/${keyId}`
  const names = new Set([keyId, keyArn])
  for (const alias of options.aliases ?? []) names.add(alias).add(`arn:aws:kms:${region}:${accountId}:${alias}`)
  const keyUsage = options.keyUsage ?? 'SIGN_VERIFY'
  const highS = options.highS ?? 'random'

  const requests: FakeKmsRequest[] = []
  const failures = new FailureQueue()
  let denied = new Set<FakeKmsOperation>()

  const server = await startLoopbackServer(async (request, raw, response) => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : target
    const contentType = request.headers['content-type']
    let body: Record<string, any> = {}
    try {
      body = raw ? (JSON.parse(raw) as Record<string, any>) : {}
    } catch {
      requests.push({ operation, contentType, body })
      return kmsError(response, 'SerializationException', 'Request body is not JSON')
    }
    const credential = parseCredential(request.headers.authorization)
    const entry: { -readonly [K in keyof FakeKmsRequest]: FakeKmsRequest[K] } = { operation, contentType, body }
    if (credential) entry.credential = credential
    requests.push(entry)

    const failure = failures.take()
    if (failure)
      return sendFailure(response, failure, {
        body:
          failure.status >= 500
            ? { __type: 'KMSInternalException', message: 'fake KMS internal error' }
            : { __type: 'ValidationException', message: 'fake KMS failure' },
        headers: { 'content-type': CONTENT_TYPE },
      })

    if (request.method !== 'POST' || (request.url ?? '/') !== '/')
      return kmsError(response, 'UnknownOperationException', `${request.method} ${request.url} is not KMS's API`, 404)
    if (!contentType?.startsWith(CONTENT_TYPE))
      return kmsError(response, 'SerializationException', `content-type must be ${CONTENT_TYPE}, got ${contentType}`)
    if (!credential) return kmsError(response, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    if (operation !== 'GetPublicKey' && operation !== 'Sign')
      return kmsError(response, 'UnknownOperationException', `fake KMS does not implement ${target || 'that'}`)
    if (denied.has(operation))
      return kmsError(
        response,
        'AccessDeniedException',
        `User: arn:aws:sts::${accountId}:assumed-role/watchtower-breaker/fake is not authorized to perform: ` +
          `kms:${operation} on resource: ${keyArn} because no identity-based policy allows the kms:${operation} action`,
      )
    if (typeof body.KeyId !== 'string' || !body.KeyId)
      return kmsError(response, 'ValidationException', validationMessage('keyId'))
    if (!names.has(body.KeyId)) return kmsError(response, 'NotFoundException', `Key '${body.KeyId}' does not exist`)

    if (operation === 'GetPublicKey')
      return kmsJson(response, {
        KeyId: keyArn,
        PublicKey: Buffer.concat([Buffer.from(SPKI_PREFIX[keySpec], 'hex'), publicKey]).toString('base64'),
        KeySpec: keySpec,
        CustomerMasterKeySpec: keySpec,
        KeyUsage: keyUsage,
        ...(keyUsage === 'SIGN_VERIFY'
          ? { SigningAlgorithms: [SIGNING_ALGORITHM] }
          : { EncryptionAlgorithms: ['RSAES_OAEP_SHA_256'] }),
        ...options.getPublicKeyOverrides,
      })

    // Sign
    if (keyUsage !== 'SIGN_VERIFY')
      return kmsError(response, 'InvalidKeyUsageException', `${keyArn} key usage is ${keyUsage}, not valid for Sign.`)
    if (body.SigningAlgorithm !== SIGNING_ALGORITHM)
      return kmsError(
        response,
        'InvalidKeyUsageException',
        `Algorithm ${body.SigningAlgorithm} is incompatible with key spec ${keySpec}.`,
      )
    if (typeof body.Message !== 'string')
      return kmsError(response, 'ValidationException', validationMessage('message'))
    const message = Buffer.from(body.Message, 'base64')
    entry.message = bytesToHex(message)
    const messageType = body.MessageType ?? 'RAW'
    if (messageType === 'DIGEST' && message.length !== 32)
      return kmsError(response, 'ValidationException', `Digest is invalid length for algorithm ${SIGNING_ALGORITHM}.`)
    if (messageType !== 'DIGEST' && messageType !== 'RAW')
      return kmsError(response, 'ValidationException', `MessageType ${messageType} is not supported`)
    const digest = messageType === 'DIGEST' ? message : createHash('sha256').update(message).digest()

    // Like KMS: randomised k, s left as it falls unless a test forces a side.
    const signed = curve.Signature.fromBytes(
      curve.sign(digest, signingKey, {
        prehash: false,
        lowS: highS !== 'random',
        extraEntropy: !options.deterministic,
      }),
      'compact',
    )
    const signature = highS === 'always' ? new curve.Signature(signed.r, curve.Point.CURVE().n - signed.s) : signed
    entry.highS = signature.hasHighS()
    return kmsJson(response, {
      KeyId: keyArn,
      Signature: Buffer.from(signature.toBytes('der')).toString('base64'),
      SigningAlgorithm: body.SigningAlgorithm,
    })
  })

  return {
    endpoint: server.origin,
    region,
    keyId,
    keyArn,
    keySpec,
    privateKey,
    address: privateKeyToAddress(privateKey),
    requests,
    denyAccess: (operations = ['GetPublicKey', 'Sign']) => {
      denied = new Set(operations)
    },
    allowAccess: () => {
      denied = new Set()
    },
    failNext: (count, mode) => failures.push(count, mode),
    client: (config = {}) =>
      new KMSClient({
        endpoint: server.origin,
        region,
        credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, secretAccessKey: 'fake-secret-access-key' },
        maxAttempts: 1,
        ...config,
      }),
    stop: () => server.stop(),
  }
}

function kmsJson(response: ServerResponse, body: unknown): void {
  sendJson(response, 200, body, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() })
}

/** KMS's error shape: HTTP 400 (client faults) with `{ __type, message }`. */
function kmsError(response: ServerResponse, type: string, message: string, status = 400): void {
  const headers = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() }
  sendJson(response, status, { __type: type, message }, headers)
}

function validationMessage(member: string): string {
  return `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/kms/aws4_request, SignedHeaders=…, Signature=…` */
function parseCredential(authorization: string | undefined): FakeKmsRequest['credential'] {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request,/.exec(authorization ?? '')
  if (!match?.[1] || !match[2] || !match[3]) return undefined
  return { accessKeyId: match[1], region: match[2], service: match[3] }
}
