import { redactSecrets } from './redactSecrets.js'

const MAX_CAUSE_DEPTH = 4

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
  const copy = new Error(redactSecrets(error.message, secrets), cause === undefined ? {} : { cause })
  copy.name = error.name
  if (error.stack !== undefined) copy.stack = redactSecrets(error.stack, secrets)
  const code: unknown = (error as { code?: unknown }).code
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code })
  return copy
}
