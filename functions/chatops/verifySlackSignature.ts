import { createHmac, timingSafeEqual } from 'node:crypto'

/** Slack's replay window: a request whose timestamp is further than this from now is refused. */
export const slackMaxSkewSeconds = 5 * 60

export type SlackVerification = { readonly ok: true } | { readonly ok: false; readonly reason: string }

export interface VerifySlackSignatureParameters {
  /** The raw request body exactly as received (the signature covers its bytes). */
  readonly body: string
  /** `X-Slack-Request-Timestamp` */
  readonly timestamp: string | undefined
  /** `X-Slack-Signature`, `v0=<hex>` */
  readonly signature: string | undefined
  readonly signingSecret: string
  /** Unix seconds. */
  readonly now: number
}

/**
 * Slack's v0 request signature: HMAC-SHA256 with the signing secret over `v0:<timestamp>:<body>`, compared in
 * constant time, and a timestamp within 5 minutes of now (a captured request cannot be replayed later).
 */
export function verifySlackSignature({ body, timestamp, signature, signingSecret, now }: VerifySlackSignatureParameters): SlackVerification {
  if (!signingSecret) return { ok: false, reason: 'no signing secret configured' }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Slack-Request-Timestamp' }
  if (Math.abs(now - Number(timestamp)) > slackMaxSkewSeconds) return { ok: false, reason: `timestamp ${timestamp} is more than 5 minutes from now (replay?)` }
  const given = /^v0=([0-9a-f]{64})$/.exec(signature ?? '')?.[1]
  if (!given) return { ok: false, reason: 'missing or malformed X-Slack-Signature' }
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest()
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'signature does not match' }
  return { ok: true }
}

/** The header a Slack request carries for `body` at `timestamp` (tests, and the README's curl example). */
export function signSlackRequest(body: string, timestamp: number, signingSecret: string): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${digest}` }
}
