import { WatchtowerError } from '../../errors/WatchtowerError.js'

/** Bytes that are not the DER structure expected (a public key or an ECDSA signature). */
export class DerError extends WatchtowerError {
  override name = 'DerError'
}
