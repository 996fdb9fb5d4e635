import { WatchtowerError } from '../../errors/WatchtowerError.js'

export type KmsOperation = 'GetPublicKey' | 'Sign'

/** Base of the KMS signer's errors; `keyId` is the key as configured (id, ARN or alias), never a secret. */
export class KmsSignerError extends WatchtowerError {
  override name = 'KmsSignerError'
  readonly keyId: string

  constructor(keyId: string, shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(shortMessage, options)
    this.keyId = keyId
  }
}

/** A KMS call failed: denied, key missing or disabled, throttled, unreachable, … */
export class KmsRequestError extends KmsSignerError {
  override name = 'KmsRequestError'
  readonly operation: KmsOperation
  /** The AWS error name, e.g. `AccessDeniedException`, `NotFoundException`; absent for network failures. */
  readonly code?: string
  /** HTTP status of the failed response, when there was one. */
  readonly status?: number

  constructor(
    keyId: string,
    operation: KmsOperation,
    shortMessage: string,
    options: { code?: string; status?: number; details?: string; cause?: unknown } = {},
  ) {
    super(keyId, shortMessage, options)
    this.operation = operation
    if (options.code !== undefined) this.code = options.code
    if (options.status !== undefined) this.status = options.status
  }
}

/** The key exists but cannot sign Ethereum transactions: wrong key spec, key usage or algorithms. */
export class KmsUnsupportedKeyError extends KmsSignerError {
  override name = 'KmsUnsupportedKeyError'
  readonly keySpec?: string
  readonly keyUsage?: string

  constructor(
    keyId: string,
    shortMessage: string,
    options: { keySpec?: string; keyUsage?: string; details?: string; cause?: unknown } = {},
  ) {
    super(keyId, shortMessage, options)
    if (options.keySpec !== undefined) this.keySpec = options.keySpec
    if (options.keyUsage !== undefined) this.keyUsage = options.keyUsage
  }
}

/** KMS answered, but with something unusable: a malformed key or signature, or one for another key. */
export class KmsResponseError extends KmsSignerError {
  override name = 'KmsResponseError'
  readonly operation: KmsOperation

  constructor(
    keyId: string,
    operation: KmsOperation,
    shortMessage: string,
    options: { details?: string; cause?: unknown } = {},
  ) {
    super(keyId, shortMessage, options)
    this.operation = operation
  }
}
