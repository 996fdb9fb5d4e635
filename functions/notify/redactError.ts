import { maxErrorTextLength, truncateText } from '../errors/truncateText.js'
import { redactSecrets } from './redactSecrets.js'

const MAX_CAUSE_DEPTH = 4
/** A stack's frames are worth keeping in a log; a server's text inside its message is not. */
const maxStackLength = 4_000

/**
 * A loggable copy of `error` with secrets redacted from its message, stack and cause chain.
 *
 * The original is deliberately dropped rather than attached as `cause`: client errors keep request URLs
 * (node-fetch's FetchError message holds `/bot<token>/sendMessage`; telegraf only redacts tokens shaped
 * like `123:abc`, and not in "invalid json" errors) and loggers serialise whole cause chains.
 */
export function redactError(error: unknown, secrets: readonly string[], depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redactSecrets(String(error), secrets))
  const cause =
    error.cause !== undefined && depth < MAX_CAUSE_DEPTH ? redactError(error.cause, secrets, depth + 1) : undefined
  // Redacted first, then cut: a cut first could leave part of a secret that no longer matches.
  const copy = new Error(truncateText(redactSecrets(error.message, secrets), maxErrorTextLength), cause === undefined ? {} : { cause })
  copy.name = error.name
  if (error.stack !== undefined) copy.stack = truncateText(redactSecrets(error.stack, secrets), maxStackLength)
  const code: unknown = (error as { code?: unknown }).code
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code })
  return copy
}
