const REDACTED = '[REDACTED]'

/**
 * Replaces every occurrence of each secret (and its URL-encoded form, since Telegram puts the bot token in
 * the request path) with `[REDACTED]`.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of secrets) {
    // An empty "secret" would match between every character.
    if (!secret) continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join(REDACTED)
  }
  return result
}
