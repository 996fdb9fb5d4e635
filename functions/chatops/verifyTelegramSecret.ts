import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Telegram webhooks carry the `secret_token` given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`. Compared
 * in constant time (as digests, so neither length nor content leaks through timing).
 */
export function verifyTelegramSecret(header: string | undefined, secretToken: string): { ok: true } | { ok: false; reason: string } {
  if (!secretToken) return { ok: false, reason: 'no webhook secret token configured' }
  if (!header) return { ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token' }
  const digest = (text: string) => createHash('sha256').update(text).digest()
  if (!timingSafeEqual(digest(header), digest(secretToken))) return { ok: false, reason: 'secret token does not match' }
  return { ok: true }
}
